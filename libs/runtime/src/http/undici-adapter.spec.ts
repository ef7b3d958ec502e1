import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import axios, { AxiosError, AxiosInstance, isCancel } from 'axios';
import { Agent } from 'undici';
import { undiciAdapter } from './undici-adapter';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The error a call fails with; a call that succeeds fails the test. */
const failure = (call: Promise<unknown>): Promise<AxiosError> =>
  call.then(() => Promise.reject(new Error('the call was expected to fail')), (error: AxiosError) => error);

describe('undiciAdapter', () => {
  const received: Received[] = [];
  const agent = new Agent();
  let server: Server;
  let origin: string;
  let client: AxiosInstance;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, headers: request.headers, body });
        if (request.url === '/slow') return void setTimeout(() => response.end('{}'), 2_000).unref();
        const status = Number(/status=(\d+)/.exec(request.url ?? '')?.[1] ?? 201);
        response.writeHead(status, { 'content-type': 'application/json', 'x-answer': 'yes' });
        response.end(JSON.stringify({ echo: body ? (JSON.parse(body) as unknown) : null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = axios.create({ baseURL: origin, headers: { 'x-service': 'book' }, adapter: undiciAdapter(agent) });
  });

  afterEach(() => void (received.length = 0));

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await agent.close();
  });

  it('sends the method, path, headers and JSON body axios prepared, and hands back the parsed answer', async () => {
    const response = await client.post('/payments', { bookingId: 'b-1', amount: 5000 }, { headers: { 'idempotency-key': 'b-1' } });

    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.data).toEqual({ echo: { bookingId: 'b-1', amount: 5000 } });
    expect(response.headers['x-answer']).toBe('yes');
    expect(received[0]).toMatchObject({ method: 'POST', url: '/payments' });
    expect(received[0].headers).toMatchObject({
      'content-type': 'application/json', 'x-service': 'book', 'idempotency-key': 'b-1',
    });
  });

  it('puts params on the query string as axios does', async () => {
    await client.get('/payments', { params: { bookingId: 'b 2', page: 3 } });

    expect(received[0]).toMatchObject({ method: 'GET', url: '/payments?bookingId=b+2&page=3', body: '' });
  });

  it('rejects an answer that validateStatus refuses, with the answer attached, and resolves it when told to', async () => {
    const refused = await failure(client.post('/payments?status=409', {}));
    expect(refused).toBeInstanceOf(AxiosError);
    expect(refused.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(refused.response?.status).toBe(409);

    const broken = await failure(client.post('/payments?status=503', {}));
    expect(broken.code).toBe(AxiosError.ERR_BAD_RESPONSE);

    const accepted = await client.post('/payments?status=402', {}, { validateStatus: () => true });
    expect(accepted.status).toBe(402);
  });

  it('cancels a call whose signal aborts, as a cancel axios recognises', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await failure(client.get('/slow', { signal: controller.signal }));

    expect(isCancel(error)).toBe(true);
    expect(error.code).toBe(AxiosError.ERR_CANCELED);
  });

  it('gives up after the timeout with the code axios uses', async () => {
    const error = await failure(client.get('/slow', { timeout: 50 }));

    expect(error.code).toBe(AxiosError.ECONNABORTED);
    expect(error.message).toBe('timeout of 50ms exceeded');
  });

  it('reports a refused connection as an AxiosError with the system code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(client.get(`http://127.0.0.1:${port}/payments`));

    expect(error).toBeInstanceOf(AxiosError);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('refuses what it does not send rather than sending part of it', async () => {
    const error = await failure(client.get('/payments', { responseType: 'stream' }));

    expect(error.code).toBe(AxiosError.ERR_NOT_SUPPORT);
    expect(error.message).toBe('the undici adapter does not send responseType stream');
    expect(received).toHaveLength(0);
  });
});
