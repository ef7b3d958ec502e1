import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, Min } from 'class-validator';
import { Pool } from 'undici';
import { DomainError } from '@movie/ddd';
import { HealthModule } from '../health/health.module';
import { JsonLogger } from '../logging/json-logger';
import { createHttpApp } from './create-http-app';

class SeatTaken extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'SEAT_ALREADY_TAKEN';
}
class PaymentBusy extends DomainError {
  readonly kind = 'unavailable' as const;
  readonly code = 'PAYMENT_UNAVAILABLE';
  override readonly retryAfterSeconds = 5;
}
class Order {
  @IsInt() @Min(1) qty: number;
}

@Controller('things')
class ThingsController {
  @Post() create(@Body() order: Order) {
    return order;
  }
  @Get('taken') taken() {
    throw new SeatTaken('seat 1A is already taken');
  }
  @Get('busy') busy() {
    throw new PaymentBusy('payment is busy, try again shortly');
  }
  @Get('broken') broken() {
    throw new Error('SELECT * FROM secret');
  }
  @Get('by-uuid/:id') byUuid(@Param('id', ParseUUIDPipe) id: string) {
    return { id };
  }
  static slowOnes = 0;
  @Get('slow') async slow() {
    ThingsController.slowOnes++;
    await new Promise((done) => setTimeout(done, 100));
    return { ok: true };
  }
  @Get(':id') one(@Param('id') id: string) {
    return { id };
  }
}

@Module({
  imports: [HealthModule.register({ checks: () => [{ name: 'database', check: async () => ({ ok: true }) }] })],
  controllers: [ThingsController],
})
class ThingsModule {}

describe('createHttpApp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp(ThingsModule, { service: 'test', logger: new JsonLogger('test', 'error', () => undefined) });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const inject = (options: Record<string, unknown>) => app.getHttpAdapter().getInstance().inject(options as never);

  it.each([
    ['/things/%E0%A4%A', 400, 'FST_ERR_BAD_URL'],
    [`/things/${'x'.repeat(200)}`, 414, 'FST_ERR_MAX_PARAM_LENGTH'],
  ])('answers what the router refuses, %s, in the platform\'s error shape with a request id', async (url, status, code) => {
    const response = await inject({ method: 'GET', url, headers: { 'x-request-id': 'req-77' } });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ statusCode: status, error: expect.any(String), code, message: expect.any(String), requestId: 'req-77' });
    expect(response.headers['x-request-id']).toBe('req-77');
  });

  it('answers 400 naming the field for invalid and unknown fields', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: { qty: 0, extra: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('qty must not be less than 1');
    expect(response.json().message).toContain('property extra should not exist');
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await inject({ method: 'POST', url: '/things', payload: '{"qty":', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().statusCode).toBe(400);
  });

  it('maps a conflict domain error to 409 with its code', async () => {
    const response = await inject({ method: 'GET', url: '/things/taken' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'SEAT_ALREADY_TAKEN', message: 'seat 1A is already taken' });
  });

  it('maps an unavailable domain error to 503 with Retry-After', async () => {
    const response = await inject({ method: 'GET', url: '/things/busy' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('hides internals of unexpected errors', async () => {
    const response = await inject({ method: 'GET', url: '/things/broken' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('SELECT');
  });

  it.each([
    ['a body that fails validation', { method: 'POST', url: '/things', payload: { qty: 0 } }, 400, 'VALIDATION_FAILED'],
    ['malformed JSON', { method: 'POST', url: '/things', payload: '{"qty":', headers: { 'content-type': 'application/json' } }, 400, 'BAD_REQUEST'],
    ['a path id that is not a UUID', { method: 'GET', url: '/things/by-uuid/42' }, 400, 'BAD_REQUEST'],
    ['a route that does not exist', { method: 'GET', url: '/nowhere' }, 404, 'NOT_FOUND'],
    ['a body of a type nobody reads', { method: 'POST', url: '/things', payload: 'qty=1', headers: { 'content-type': 'text/csv' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unexpected error', { method: 'GET', url: '/things/broken' }, 500, 'INTERNAL_SERVER_ERROR'],
  ])('gives every error answer a code a client can branch on: %s', async (_case, request, status, code) => {
    const response = await inject(request);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ statusCode: status, code });
  });

  it('echoes the request id it was given', async () => {
    const response = await inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('abc-123');
  });

  it('reports readiness from the registered checks', async () => {
    const response = await inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json().info.database).toEqual({ status: 'up', ok: true });
  });

  it('serves the OpenAPI document', async () => {
    const app2 = await createHttpApp(ThingsModule, { service: 't', logger: new JsonLogger('t', 'error', () => undefined), docs: { title: 'T', description: 'd' } });
    await app2.init();
    await app2.getHttpAdapter().getInstance().ready();
    const response = await app2.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs-json' });
    expect(response.json().paths['/things']).toBeDefined();
    await app2.close();
  });
});

describe('createHttpApp, shutting down', () => {
  it('serves what reaches it over kept-alive connections while it closes, rather than answering 503', async () => {
    const app = await createHttpApp(ThingsModule, { service: 'test', logger: new JsonLogger('test', 'error', () => undefined) });
    await app.listen(0, '127.0.0.1');
    // As the gateway calls a service: a pool of kept-alive connections.
    const pool = new Pool(await app.getUrl(), { connections: 4 });
    const get = () => pool.request({ method: 'GET', path: '/things/slow' }).then(async (answer) => {
      await answer.body.dump();
      return answer.statusCode;
    }, (error: { code?: string }) => error.code ?? 'error');
    try {
      ThingsController.slowOnes = 0;
      const inFlight = Array.from({ length: 4 }, get);
      while (ThingsController.slowOnes < 4) await new Promise((done) => setTimeout(done, 5));
      const closing = app.close();
      // These wait in the pool for the connections above, and go out on them while the app closes.
      const queued = Array.from({ length: 4 }, get);

      const statuses = await Promise.all([...inFlight, ...queued]);
      await closing;

      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses).not.toContain(503);
    } finally {
      await pool.destroy();
    }
  });
});
