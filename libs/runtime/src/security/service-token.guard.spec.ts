import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '../http/create-http-app';
import { JsonLogger } from '../logging/json-logger';
import { loadServiceCredential, serviceCredentialHeaders } from './service-credential';
import { SERVICE_CREDENTIAL, ServiceOnly } from './service-token.guard';

@Controller('internal/things')
@ServiceOnly()
class InternalController {
  @Get() list() {
    return ['ok'];
  }
}

async function appWith(token: string | undefined): Promise<NestFastifyApplication> {
  @Module({ controllers: [InternalController], providers: [{ provide: SERVICE_CREDENTIAL, useValue: { token } }] })
  class InternalModule {}
  const app = await createHttpApp(InternalModule, { service: 'test', logger: new JsonLogger('test', 'error', () => undefined) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const get = (app: NestFastifyApplication, headers: Record<string, string>, remoteAddress = '10.1.2.3') =>
  app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/internal/things', headers, remoteAddress });

describe('ServiceOnly endpoints', () => {
  describe('with SERVICE_TOKEN set', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => (app = await appWith('a-shared-service-token')));
    afterAll(() => app.close());

    it('answer a caller presenting the token', async () => {
      expect((await get(app, { 'x-service-token': 'a-shared-service-token' })).statusCode).toBe(200);
    });

    it('refuse a wrong or missing token with 403 SERVICE_ONLY, also from the same host', async () => {
      const attempts: Record<string, string>[] = [{ 'x-service-token': 'a-shared-service-tokeN' }, {}];
      for (const headers of attempts) {
        const response = await get(app, headers, '127.0.0.1');
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ code: 'SERVICE_ONLY' });
      }
    });
  });

  describe('without SERVICE_TOKEN', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => (app = await appWith(undefined)));
    afterAll(() => app.close());

    it('answer callers on the same host', async () => {
      expect((await get(app, {}, '127.0.0.1')).statusCode).toBe(200);
      expect((await get(app, {}, '::1')).statusCode).toBe(200);
    });

    it('refuse callers from another host', async () => {
      expect((await get(app, { 'x-service-token': 'anything-at-all-really' }, '10.1.2.3')).statusCode).toBe(403);
    });
  });
});

describe('service credential settings', () => {
  it('sends the token only when one is set', () => {
    expect(serviceCredentialHeaders({ token: 'a-shared-service-token' })).toEqual({ 'x-service-token': 'a-shared-service-token' });
    expect(serviceCredentialHeaders({})).toEqual({});
  });

  it('refuses a short token', () => {
    expect(() => loadServiceCredential({ SERVICE_TOKEN: 'short' })).toThrow(/SERVICE_TOKEN must be at least 16/);
  });
});
