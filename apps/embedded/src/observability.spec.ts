import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Topics } from '@movie/contracts';
import { InMemoryEventBus } from '@movie/messaging';
import { JsonLogger, loadTracingConfig, readSample, SERVICE_ATTRIBUTE, startTracing, Tracing } from '@movie/runtime';
import { EmbeddedPlatform } from './embedded-platform';
import { platformApps } from './platform-apps';

const apps = ['gateway', 'book', 'payment', 'mypage', 'ticket', 'notification'] as const;
type App = (typeof apps)[number];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

const serviceOf = (span: ReadableSpan) => span.attributes[SERVICE_ATTRIBUTE] as string | undefined;

/** The whole platform in this process (memory transport, SQLite), traced into memory. */
describe('observability of the embedded platform', () => {
  const spans = new InMemorySpanExporter();
  const dataDir = mkdtempSync(join(tmpdir(), 'movie-observability-'));
  const ports = {} as Record<App, number>;
  let tracing: Tracing;
  let platform: EmbeddedPlatform;
  const url = (app: App, path: string) => `http://127.0.0.1:${ports[app]}${path}`;
  const metricsOf = async (app: App) => (await fetch(url(app, '/metrics'))).text();

  beforeAll(async () => {
    for (const app of apps) ports[app] = await freePort();
    // Demo authentication: the gateway books for its demo customer without a token.
    const env: NodeJS.ProcessEnv = {
      MESSAGING_TRANSPORT: 'memory', LOG_LEVEL: 'error', GATEWAY_AUTH_MODE: 'demo', PAYMENT_FAULT_CONTROL: 'true', BOOK_PAYMENT_RETRIES: '0',
    };
    for (const app of apps) {
      env[`${app.toUpperCase()}_PORT`] = String(ports[app]);
      env[`${app.toUpperCase()}_DB_URL`] = `sqlite:${join(dataDir, `${app}.sqlite`)}`;
      if (app !== 'gateway') env[`GATEWAY_${app.toUpperCase()}_URL`] = url(app, '');
    }
    env.BOOK_PAYMENT_URL = url('payment', '');
    env.TICKET_BOOK_URL = url('book', '');
    tracing = startTracing({ ...loadTracingConfig({}), exporter: 'none' }, [spans]);
    platform = new EmbeddedPlatform(platformApps, new JsonLogger('embedded', 'error', () => undefined));
    const saved = process.env;
    process.env = { ...saved, ...env };
    try {
      await platform.start(process.env);
    } finally {
      process.env = saved;
    }
  }, 60_000);

  afterAll(async () => {
    await platform?.stop();
    await tracing?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function book(seat: string): Promise<Response> {
    return fetch(url('gateway', '/books'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qty: 1, movieName: 'soul', seat, totalPrice: 5000 }),
    });
  }

  it("follows one booking in one trace: gateway, book, payment, the relay's publish and every consumer", async () => {
    const response = await book('1A');
    expect(response.status).toBe(201);
    const { id: bookingId } = (await response.json()) as { id: string };
    await eventually(async () => ((await fetch(url('ticket', `/tickets?bookingId=${bookingId}`))).ok ? true : undefined), 'ticket');
    await eventually(async () => ((await fetch(url('mypage', `/mypages/${bookingId}`))).ok ? true : undefined), 'my page');

    const entry = spans.getFinishedSpans().find((span) => serviceOf(span) === 'gateway' && span.name === 'POST /books');
    expect(entry).toBeDefined();
    const traceId = entry!.spanContext().traceId;
    const trace = await eventually(async () => {
      const found = spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      const names = new Set(found.map((span) => `${serviceOf(span)}: ${span.name}`));
      return ['ticket', 'mypage', 'notification'].every((consumer) => names.has(`${consumer}: ${Topics.booking} process`)) ? names : undefined;
    }, 'consumer spans');

    expect([...trace]).toEqual(expect.arrayContaining([
      'gateway: POST /books',
      'book: POST /books',
      'book: POST',
      'payment: POST /payments',
      `book: ${Topics.booking} publish`,
      `ticket: ${Topics.booking} process`,
      `mypage: ${Topics.booking} process`,
    ]));
    const bookSpan = spans.getFinishedSpans().find((span) => span.spanContext().traceId === traceId && span.attributes['booking.id']);
    expect(bookSpan?.attributes['booking.id']).toBe(bookingId);
  });

  it('exposes HTTP, outbox, consumer and breaker series that move when a booking is made', async () => {
    const before = await metricsOf('book');
    const posted = { service: 'book', method: 'POST', route: '/books', status_code: '201' };
    const bookingsBefore = readSample(before, 'http_requests_total', posted) ?? 0;
    const publishedBefore = readSample(before, 'messaging_events_published_total', { topic: Topics.booking }) ?? 0;

    const response = await book('2A');
    expect(response.status).toBe(201);
    const { id: bookingId } = (await response.json()) as { id: string };
    await eventually(async () => ((await fetch(url('ticket', `/tickets?bookingId=${bookingId}`))).ok ? true : undefined), 'ticket');

    const after = await metricsOf('book');
    expect(readSample(after, 'http_requests_total', posted)).toBe(bookingsBefore + 1);
    expect(readSample(after, 'http_request_duration_seconds_count', posted)).toBe(bookingsBefore + 1);
    expect(readSample(after, 'messaging_events_published_total', { topic: Topics.booking })).toBeGreaterThan(publishedBefore);
    expect(readSample(after, 'messaging_outbox_backlog', { service: 'book' })).toBeGreaterThanOrEqual(0);
    expect(readSample(after, 'messaging_outbox_oldest_unsent_age_seconds', { service: 'book' })).toBeGreaterThanOrEqual(0);
    expect(readSample(after, 'payment_breaker_open', { service: 'book' })).toBe(0);
    expect(readSample(after, 'payment_breaker_state', { state: 'closed' })).toBe(1);

    const ticket = await metricsOf('ticket');
    expect(readSample(ticket, 'messaging_events_consumed_total', { consumer: 'ticket', topic: Topics.booking, outcome: 'applied' })).toBeGreaterThanOrEqual(2);
    expect(readSample(ticket, 'messaging_consumer_lag', { consumer: 'ticket', topic: Topics.booking })).toBe(0);
    expect(readSample(await metricsOf('gateway'), 'http_requests_total', { service: 'gateway', route: '/books', status_code: '201' })).toBeGreaterThanOrEqual(2);
    expect(readSample(await metricsOf('notification'), 'notifications_sent_total', { channel: 'log' })).toBeGreaterThanOrEqual(1);
  });

  it('counts a fallback when payment fails', async () => {
    const failing = await fetch(url('payment', '/internal/faults'), {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failureRate: 1 }),
    });
    expect(failing.ok).toBe(true);
    try {
      const response = await book('3A');
      expect(response.status).toBe(503);
      const metrics = await metricsOf('book');
      expect(readSample(metrics, 'payment_fallbacks_total', { reason: 'busy' })).toBe(1);
      expect(readSample(metrics, 'http_request_errors_total', { route: '/books', status_code: '503' })).toBe(1);
    } finally {
      await fetch(url('payment', '/internal/faults'), {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ failureRate: 0 }),
      });
    }
  });

  it('counts a dead letter when an event cannot be read', async () => {
    InMemoryEventBus.instance().publish([{ topic: Topics.booking, key: 'broken', value: '{"type":"BookingConfirmed"}' }]);
    const deadLetters = await eventually(async () => {
      const value = readSample(await metricsOf('ticket'), 'messaging_dead_letters_total', { consumer: 'ticket', topic: Topics.booking });
      return value && value > 0 ? value : undefined;
    }, 'dead letter');
    expect(deadLetters).toBe(1);
    expect(readSample(await metricsOf('ticket'), 'messaging_events_consumed_total', { consumer: 'ticket', outcome: 'dead-lettered' })).toBe(1);
  });
});
