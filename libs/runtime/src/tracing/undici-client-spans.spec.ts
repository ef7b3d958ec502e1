import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Pool } from 'undici';
import { traceUndiciRequests } from './undici-client-spans';

describe('traceUndiciRequests', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const received: IncomingHttpHeaders[] = [];
  let server: Server;
  let origin: string;
  let pool: Pool;
  let stop: () => void;

  beforeAll(async () => {
    provider.register();
    server = createServer((request, response) => {
      received.push(request.headers);
      response.statusCode = request.url === '/fails' ? 503 : 200;
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pool = new Pool(origin);
    stop = traceUndiciRequests();
  });

  afterEach(() => {
    exporter.reset();
    received.length = 0;
  });

  afterAll(async () => {
    stop();
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
    await provider.shutdown();
  });

  const inSpan = <T>(work: () => Promise<T>) => {
    const parent = trace.getTracer('test').startSpan('parent');
    return { parent, done: context.with(trace.setSpan(context.active(), parent), work).finally(() => parent.end()) };
  };

  const clientSpans = () => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);

  it('makes a client span under the active one and sends its traceparent', async () => {
    const { parent, done } = inSpan(async () => (await pool.request({ method: 'GET', path: '/books?page=2' })).body.text());
    await done;

    const [span] = clientSpans();
    expect(span.name).toBe('GET');
    expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.full': `${origin}/books?page=2`, 'http.response.status_code': 200 });
    const { traceId, spanId } = span.spanContext();
    expect(received[0].traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("covers Node's own fetch, and marks a 5xx answer as an error", async () => {
    await inSpan(async () => (await fetch(`${origin}/fails`, { method: 'POST' })).text()).done;

    const [span] = clientSpans();
    expect(span.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 503 });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(received[0].traceparent).toContain(span.spanContext().spanId);
  });

  it('ends the span with the error when the request fails', async () => {
    const closed = new Pool('http://127.0.0.1:1');
    await inSpan(() => closed.request({ method: 'GET', path: '/' }).catch((error: Error) => error)).done;
    await closed.close();

    const [span] = clientSpans();
    expect(span.status).toMatchObject({ code: SpanStatusCode.ERROR, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('starts no span and sends no traceparent outside a trace', async () => {
    await (await pool.request({ method: 'GET', path: '/' })).body.text();

    expect(clientSpans()).toHaveLength(0);
    expect(received[0].traceparent).toBeUndefined();
  });
});
