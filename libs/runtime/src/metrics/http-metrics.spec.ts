import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../http/create-http-app';
import { JsonLogger } from '../logging/json-logger';
import { Metrics } from './metrics';
import { readSample } from './read-sample';

@Controller('films')
class FilmsController {
  constructor(private readonly metrics: Metrics) {}
  @Get(':id') find(@Param('id') id: string) {
    this.metrics.counter({ name: 'films_looked_up_total', help: 'films looked up' }).inc();
    return { id };
  }
  @Get(':id/broken') broken(): never {
    throw new Error('boom');
  }
}

@Module({ controllers: [FilmsController] })
class FilmsModule {}

const quiet = () => new JsonLogger('films', 'error', () => undefined);

async function started(service: string): Promise<NestFastifyApplication> {
  const app = await createHttpApp(FilmsModule, { service, logger: quiet() });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('GET /metrics', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await started('films')));
  afterAll(() => app.close());

  const inject = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('counts requests by route template and status, and 5xx answers as errors', async () => {
    await inject('/films/1');
    await inject('/films/2');
    await inject('/films/3/broken');
    const response = await inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const ok = { service: 'films', method: 'GET', route: '/films/:id', status_code: '200' };
    expect(readSample(response.body, 'http_requests_total', ok)).toBe(2);
    expect(readSample(response.body, 'http_request_duration_seconds_count', ok)).toBe(2);
    expect(readSample(response.body, 'http_request_errors_total', { ...ok, route: '/films/:id/broken', status_code: '500' })).toBe(1);
  });

  it('counts a request no route matched under one label, not under its path', async () => {
    await inject('/nothing/here/42');
    expect(readSample((await inject('/metrics')).body, 'http_requests_total', { route: 'unmatched', status_code: '404' })).toBe(1);
  });

  it("lets the app's providers add series to the same registry", async () => {
    await inject('/films/9');
    expect(readSample((await inject('/metrics')).body, 'films_looked_up_total', { service: 'films' })).toBeGreaterThan(0);
  });

  it('keeps the series of two apps in one process apart', async () => {
    const other = await started('other');
    try {
      await other.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/films/1' });
      const own = (await other.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/metrics' })).body;
      expect(readSample(own, 'http_requests_total', { service: 'other', route: '/films/:id', status_code: '200' })).toBe(1);
      expect(own).not.toContain('service="films"');
    } finally {
      await other.close();
    }
  });
});
