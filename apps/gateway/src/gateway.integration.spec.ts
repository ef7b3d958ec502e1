import { ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { JsonLogger } from '@movie/runtime';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';
import { FakeUpstream, sendJson } from './testing/fake-upstream';

const TIMEOUT_MS = 300;
const largeList = Array.from({ length: 10_000 }, (_, index) => `seat-${index}`);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('gateway in front of real upstream servers', () => {
  let book: FakeUpstream;
  let notification: FakeUpstream;
  let gateway: NestFastifyApplication;
  let url: string;
  const eventStreams: ServerResponse[] = [];

  beforeAll(async () => {
    const cut = new Set<string>();
    book = await FakeUpstream.start((request, response, raw) => {
      // A pod closing its kept-alive connection as the request goes out on it: the first to each URL naming reset is cut.
      if (request.url.includes('reset') && !cut.has(request.url)) return void (cut.add(request.url), raw.socket.destroy());
      if (request.url === '/books/echo') return sendJson(response, 200, { body: request.body });
      if (request.method === 'POST' && request.url.startsWith('/books')) return sendJson(response, 201, { id: 1, ...JSON.parse(request.body) });
      if (request.url === '/books/taken') return sendJson(response, 409, { statusCode: 409, code: 'SEAT_ALREADY_TAKEN', message: 'seat 1A is taken' });
      if (request.url === '/books/busy') return sendJson(response, 503, { statusCode: 503, code: 'PAYMENT_UNAVAILABLE' }, { 'retry-after': '5' });
      if (request.url === '/books/slow') return; // never answers
      if (request.url === '/books/large') return sendJson(response, 200, { seats: largeList });
      if (request.url === '/books/unsized') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"part":');
        return void setTimeout(() => response.end('"two"}'), 20);
      }
      if (request.method === 'DELETE') return void response.writeHead(204).end();
      if (request.url === '/docs-json') return sendJson(response, 200, bookDocument);
      sendJson(response, 200, { url: request.url });
    });
    notification = await FakeUpstream.start((request, response) => {
      if (request.url !== '/notifications/stream') return sendJson(response, 404, { statusCode: 404 });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('data: first\n\n');
      eventStreams.push(response);
    });
    const unused = await FakeUpstream.unusedOrigin();
    const config = loadGatewayConfig({
      GATEWAY_BOOK_URL: book.origin,
      GATEWAY_NOTIFICATION_URL: notification.origin,
      GATEWAY_PAYMENT_URL: unused,
      GATEWAY_MYPAGE_URL: unused,
      GATEWAY_TICKET_URL: unused,
      GATEWAY_DEMO_CUSTOMER: 'walk-in',
      // The proxy's own behaviour, as callers without a token see it in demo mode; auth has its own spec.
      GATEWAY_AUTH_MODE: 'demo',
      GATEWAY_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
      GATEWAY_DB_URL: 'sqlite::memory:',
    });
    gateway = await createGatewayApp(config, new JsonLogger('gateway', 'error', () => undefined));
    await gateway.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await gateway.close();
    await Promise.all([book.stop(), notification.stop()]);
  });

  it('forwards method, path, query and body, and passes a 201 and its body back', async () => {
    const response = await fetch(`${url}/books?hold=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qty: 2, seat: '1A,2B' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 1, qty: 2, seat: '1A,2B' });
    expect(book.last()).toMatchObject({ method: 'POST', url: '/books?hold=true', body: '{"qty":2,"seat":"1A,2B"}' });
    expect(book.last()!.headers['content-type']).toBe('application/json');
  });

  it('forwards a body as it is, without parsing it', async () => {
    const response = await fetch(`${url}/books/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":' });
    expect(await response.json()).toEqual({ body: '{"qty":' });
  });

  it('passes small, large and unsized answers through whole, with their length where they had one', async () => {
    const small = await fetch(`${url}/books/anything`);
    const large = await fetch(`${url}/books/large`);
    const unsized = await fetch(`${url}/books/unsized`);
    const head = await fetch(`${url}/books/anything`, { method: 'HEAD' });

    expect([small.headers.get('content-length'), await small.json()]).toEqual(['25', { url: '/books/anything' }]);
    const largeText = await large.text();
    expect(large.headers.get('content-length')).toBe(String(Buffer.byteLength(largeText)));
    expect(JSON.parse(largeText).seats).toEqual(largeList);
    expect([unsized.headers.get('transfer-encoding'), await unsized.json()]).toEqual(['chunked', { part: 'two' }]);
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, '25', '']);
  });

  it('passes a 409 and its error body through unchanged', async () => {
    const response = await fetch(`${url}/books/taken`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ statusCode: 409, code: 'SEAT_ALREADY_TAKEN', message: 'seat 1A is taken' });
  });

  it('passes a 503 with its Retry-After through', async () => {
    const response = await fetch(`${url}/books/busy`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('passes a 204 without a body through', async () => {
    const response = await fetch(`${url}/books/1`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('routes every prefix of a service to it', async () => {
    for (const path of ['/movies', '/screenings/7/seats']) {
      const response = await fetch(`${url}${path}`);
      expect(await response.json()).toEqual({ url: path });
    }
  });

  it("keeps the client's request id, upstream and in the answer", async () => {
    const response = await fetch(`${url}/movies`, { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(book.last()!.headers['x-request-id']).toBe('trace-42');
  });

  it('makes a request id when the client sends none and uses the same one upstream', async () => {
    const response = await fetch(`${url}/movies`);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(uuid);
    expect(book.last()!.headers['x-request-id']).toBe(requestId);
  });

  it("forwards the client's customer, or the demo customer when none is named", async () => {
    await fetch(`${url}/movies`, { headers: { 'x-customer-id': 'alice' } });
    expect(book.last()!.headers['x-customer-id']).toBe('alice');
    await fetch(`${url}/movies`);
    expect(book.last()!.headers['x-customer-id']).toBe('walk-in');
  });

  it.each(['/internal/bookings/1/print', '/unknown', '/booksX'])('answers 404 JSON for %s without calling any service', async (path) => {
    const before = book.received.length;
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(book.received.length).toBe(before);
  });

  it('answers 502 naming the service when it is down', async () => {
    const response = await fetch(`${url}/payments/1`, { headers: { 'x-request-id': 'down-1' } });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ statusCode: 502, error: 'Bad Gateway', code: 'UPSTREAM_UNAVAILABLE', message: 'payment service is unavailable', requestId: 'down-1' });
  });

  it('answers 504 when the service does not answer in time', async () => {
    const response = await fetch(`${url}/books/slow`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ statusCode: 504, error: 'Gateway Timeout', code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('book service') });
  });

  // curl -N and a plain fetch ask with no Accept: text/event-stream; the route says what it is.
  it.each([['text/event-stream'], ['*/*']])('streams server-sent events as they come, beyond the idle timeout, until the client leaves (Accept: %s)', async (accept) => {
    const abort = new AbortController();
    const response = await fetch(`${url}/notifications/stream`, { headers: { accept }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = response.body!.pipeThrough(new TextDecoderStream()).getReader();

    // The upstream has not ended its response: this only arrives if nothing buffers it.
    expect((await events.read()).value).toBe('data: first\n\n');

    const upstream = eventStreams[eventStreams.length - 1];
    // Well past the idle timeout: undici checks its timers about every half second.
    await sleep(TIMEOUT_MS * 5);
    upstream.write('data: second\n\n');
    expect((await events.read()).value).toBe('data: second\n\n');

    const upstreamClosed = new Promise((closed) => upstream.once('close', closed));
    abort.abort();
    await upstreamClosed;
  });

  it('sends a read again once when the connection it went out on was cut, as a closing pod cuts them', async () => {
    const response = await fetch(`${url}/books/reset-read`);
    expect([response.status, ((await response.json()) as { url: string }).url]).toEqual([200, '/books/reset-read']);
  });

  it('sends a booking with an Idempotency-Key again once when its connection was cut: book answers the second from the key', async () => {
    const response = await fetch(`${url}/books?reset=keyed`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-cut' }, body: '{"seat":"1A"}',
    });
    expect([response.status, await response.json()]).toEqual([201, { id: 1, seat: '1A' }]);
    const sent = book.received.filter((request) => request.url === '/books?reset=keyed');
    expect(sent.map((request) => [request.headers['idempotency-key'], request.body])).toEqual([['k-cut', '{"seat":"1A"}'], ['k-cut', '{"seat":"1A"}']]);
  });

  it('does not send a booking without an Idempotency-Key again: it may have been received', async () => {
    const response = await fetch(`${url}/books?reset=unkeyed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seat":"1A"}' });
    expect(response.status).toBe(502);
    expect(book.received.filter((request) => request.url === '/books?reset=unkeyed')).toHaveLength(1);
  });

  // Releasing a hold ignores the key; a path under /books that is not the booking is no keyed write either.
  it.each([['POST', '/books/reset-keyed-write'], ['DELETE', '/holds/reset-keyed-release']])(
    'does not send a keyed %s %s again: its service ignores the key',
    async (method, path) => {
      const body = method === 'POST' ? '{"seat":"1A"}' : undefined;
      const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', 'idempotency-key': 'k-ignored' }, body });
      expect(response.status).toBe(502);
      expect(book.received.filter((request) => request.url === path)).toHaveLength(1);
    },
  );

  it('refuses a keyed booking over the body limit with 413 before it reaches book, though it reads the body whole', async () => {
    const before = book.received.length;
    const response = await fetch(`${url}/books`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'k-large' }, duplex: 'half',
      body: new Blob([JSON.stringify({ seat: 'x'.repeat(70_000) })]).stream(),
    } as RequestInit);
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(book.received.length).toBe(before);
  });

  it('is ready while services are down, reporting each one', async () => {
    const response = await fetch(`${url}/health/ready`);
    expect(response.status).toBe(200);
    const { info } = (await response.json()) as { info: Record<string, unknown> };
    expect(info.book).toEqual({ status: 'up', url: book.origin });
    expect(info.payment).toMatchObject({ status: 'up', degraded: true });
  });

  it("serves one OpenAPI document with every reachable service's public paths", async () => {
    const response = await fetch(`${url}/docs-json`);
    const document = (await response.json()) as OpenAPIObject;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/books']));
    expect(document.paths['/internal/bookings/{id}/print']).toBeUndefined();
    expect(document.components!.schemas!.Booking).toBeDefined();
    expect(document.info.description).toMatch(/payment, mypage, ticket, notification/);
  });

  it('serves Swagger UI', async () => {
    const response = await fetch(`${url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});

const bookDocument = {
  openapi: '3.0.0',
  info: { title: 'Book', version: '1.0' },
  paths: {
    '/books': { post: { responses: { 201: { description: 'booked', content: { 'application/json': { schema: { $ref: '#/components/schemas/Booking' } } } } } } },
    '/internal/bookings/{id}/print': { post: { responses: { 200: { description: 'accepted' } } } },
    '/health/live': { get: { responses: { 200: { description: 'alive' } } } },
  },
  components: { schemas: { Booking: { type: 'object', properties: { id: { type: 'integer' } } } } },
};
