import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@movie/runtime';
import { createGatewayApp } from '../gateway.app';
import { loadGatewayConfig } from '../gateway.config';
import { FakeUpstream, sendJson } from '../testing/fake-upstream';

const secret = 'integration-secret-of-at-least-32-chars';

/** Every service in one fake: it says who the gateway said is calling, and payment and ticket answer alice's records. */
async function fakeServices(): Promise<FakeUpstream> {
  return FakeUpstream.start((request, response) => {
    if (/^\/(payments|tickets)\/alices/.test(request.url)) return sendJson(response, 200, { id: 'p1', customerId: 'alice' });
    if (/^\/tickets\/huge/.test(request.url)) return sendJson(response, 200, { id: 't9', customerId: 'bob', note: 'x'.repeat(1024 * 1024) });
    if (/^\/tickets\?/.test(request.url)) return sendJson(response, 200, [{ id: 't1', customerId: 'alice' }, { id: 't2', customerId: 'bob' }]);
    sendJson(response, request.method === 'POST' ? 201 : 200, { url: request.url, customer: request.headers['x-customer-id'] ?? null });
  });
}

async function startGateway(
  services: FakeUpstream, env: Record<string, string>, logger = new JsonLogger('gateway', 'error', () => undefined),
): Promise<{ app: NestFastifyApplication; url: string }> {
  const config = loadGatewayConfig({
    GATEWAY_BOOK_URL: services.origin, GATEWAY_PAYMENT_URL: services.origin, GATEWAY_MYPAGE_URL: services.origin,
    GATEWAY_TICKET_URL: services.origin, GATEWAY_NOTIFICATION_URL: services.origin,
    GATEWAY_JWT_SECRET: secret, GATEWAY_USER_ALICE_PASSWORD: 'alice-pw', GATEWAY_USER_BOB_PASSWORD: 'bob-pw', GATEWAY_USER_CLERK_PASSWORD: 'clerk-pw',
    GATEWAY_LOGIN_RATE_LIMIT_MAX: '1000', GATEWAY_WEB_DIR: '/nonexistent', GATEWAY_DB_URL: 'sqlite::memory:',
    ...env,
  });
  const app = await createGatewayApp(config, logger);
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

/** A request with the target exactly as given, which fetch would normalise: a fragment, or the absolute form. */
function rawCall(base: string, method: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const body = ['POST', 'PATCH'].includes(method) ? '{}' : undefined;
    const sent = httpRequest({ hostname, port, method, path: target, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode!, body: text }));
    });
    sent.on('error', reject).end(body);
  });
}

describe('gateway authentication and authorisation (required mode)', () => {
  let services: FakeUpstream;
  let gateway: { app: NestFastifyApplication; url: string };
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, who?: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${gateway.url}${path}`, {
      method,
      body: init.body,
      headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  const login = (username: string, password: string) =>
    fetch(`${gateway.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  beforeAll(async () => {
    services = await fakeServices();
    gateway = await startGateway(services, { GATEWAY_AUTH_MODE: 'required' });
    for (const [name, password] of [['alice', 'alice-pw'], ['bob', 'bob-pw'], ['clerk', 'clerk-pw']]) {
      tokens[name] = ((await (await login(name, password)).json()) as { accessToken: string }).accessToken;
    }
  });
  afterAll(async () => {
    await gateway.app.close();
    await services.stop();
  });

  it('logs in with a right password and answers 401 alike for a wrong password and an unknown user', async () => {
    expect((await login('alice', 'alice-pw')).status).toBe(200);
    const wrong = await login('alice', 'nope');
    const unknown = await login('mallory', 'nope');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
    expect(await unknown.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: 'wrong username or password' });
  });

  it('answers 400 to a login without a password', async () => {
    const response = await fetch(`${gateway.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"alice"}' });
    expect(response.status).toBe(400);
  });

  const matrix: [string, string, Record<'anonymous' | 'alice' | 'bob' | 'clerk', number>][] = [
    ['GET', '/movies', { anonymous: 200, alice: 200, bob: 200, clerk: 200 }],
    ['GET', '/screenings/soul-1/seats', { anonymous: 200, alice: 200, bob: 200, clerk: 200 }],
    ['POST', '/books', { anonymous: 401, alice: 201, bob: 201, clerk: 403 }],
    ['GET', '/books/b1', { anonymous: 401, alice: 200, bob: 200, clerk: 200 }],
    ['DELETE', '/books/b1', { anonymous: 401, alice: 200, bob: 200, clerk: 403 }],
    ['GET', '/mypages', { anonymous: 401, alice: 200, bob: 200, clerk: 200 }],
    ['GET', '/notifications', { anonymous: 401, alice: 200, bob: 200, clerk: 200 }],
    ['GET', '/tickets/alices-ticket', { anonymous: 401, alice: 200, bob: 404, clerk: 200 }],
    ['PATCH', '/tickets/t1', { anonymous: 401, alice: 403, bob: 403, clerk: 200 }],
    ['GET', '/payments/alices-payment', { anonymous: 401, alice: 200, bob: 404, clerk: 200 }],
    ['POST', '/payments', { anonymous: 404, alice: 404, bob: 404, clerk: 404 }],
    ['POST', '/payments/voids', { anonymous: 404, alice: 404, bob: 404, clerk: 404 }],
    ['POST', '/mypages/rebuild', { anonymous: 404, alice: 404, bob: 404, clerk: 404 }],
    ['PUT', '/internal/faults', { anonymous: 404, alice: 404, bob: 404, clerk: 404 }],
    ['POST', '/internal/books/b1/ticket-printed', { anonymous: 404, alice: 404, bob: 404, clerk: 404 }],
  ];
  const cases = matrix.flatMap(([method, path, expected]) =>
    (Object.keys(expected) as (keyof typeof expected)[]).map((who) => [method, path, who, expected[who]] as const));

  it.each(cases)('%s %s as %s answers %i', async (method, path, who, status) => {
    const body = ['POST', 'PATCH'].includes(method) ? '{}' : undefined;
    const response = await call(method, path, who === 'anonymous' ? undefined : who, { body });
    expect(response.status).toBe(status);
    if (status >= 400) expect(await response.json()).toMatchObject({ statusCode: status, message: expect.any(String) });
  });

  // Fastify's router drops a fragment and the scheme and host of an absolute-form target; the
  // access rules must judge the same path, or these reach a service as the path they stand for.
  it.each([
    ['PATCH', '/tickets/t1#/x', 'alice', 403],
    ['PATCH', 'http://x/tickets/t1', 'alice', 403],
    ['POST', 'http://x/payments/voids', 'alice', 404],
    ['POST', '/payments#', 'alice', 404],
    ['POST', '/payments/voids#/', 'clerk', 404],
    ['DELETE', '/books/b1#/x', 'clerk', 403],
    ['POST', 'http://gateway/mypages/rebuild', 'clerk', 404],
  ])('judges %s %s as %s by the path the router routes: %i, without calling a service', async (method, target, who, status) => {
    const before = services.received.length;
    const response = await rawCall(gateway.url, method, target, { authorization: `Bearer ${tokens[who]}` });
    expect(response.status).toBe(status);
    expect(services.received.length).toBe(before);
  });

  it('forwards an absolute-form request as the path it names, without scheme, host or fragment', async () => {
    const response = await rawCall(gateway.url, 'GET', 'http://x/books/b1?full=1#top', { authorization: `Bearer ${tokens.alice}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ url: '/books/b1?full=1', customer: 'alice' });
  });

  it("tells the services the token's customer and ignores the client's own x-customer-id", async () => {
    const response = await call('GET', '/books/b1', 'alice', { headers: { 'x-customer-id': 'bob' } });
    expect(await response.json()).toMatchObject({ customer: 'alice' });
    expect(services.last()!.headers.authorization).toBeUndefined();
  });

  it('names no customer for staff, whatever the client sends', async () => {
    await call('GET', '/books/b1', 'clerk', { headers: { 'x-customer-id': 'alice' } });
    expect(services.last()!.headers['x-customer-id']).toBeUndefined();
  });

  it('refuses an answer too large to narrow to the customer rather than pass it on whole', async () => {
    const response = await call('GET', '/tickets/huge', 'alice');
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([502, 'UPSTREAM_ANSWER_TOO_LARGE']);
  });

  it("shows a customer only their own entries of a ticket list", async () => {
    const response = await call('GET', '/tickets?bookingId=b1', 'bob');
    expect(await response.json()).toEqual([{ id: 't2', customerId: 'bob' }]);
  });

  it('answers 401 with a Bearer challenge to an anonymous call', async () => {
    const response = await call('GET', '/mypages');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="movie-booking"');
    expect(await response.json()).toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
  });

  it('answers 401 INVALID_TOKEN to a tampered token and to a malformed Authorization header, without calling a service', async () => {
    const before = services.received.length;
    const [header, payload, signature] = tokens.alice.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const staffPayload = Buffer.from(JSON.stringify({ ...claims, role: 'staff' })).toString('base64url');
    for (const authorization of [`Bearer ${header}.${staffPayload}.${signature}`, `Bearer ${tokens.alice}x`, 'Basic YWxpY2U6YWxpY2UtcHc=', 'Bearer']) {
      const response = await call('PATCH', '/tickets/t1', undefined, { body: '{}', headers: { authorization } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    expect(services.received.length).toBe(before);
  });

  it('takes the access token from the query of the live stream only, and does not pass it on', async () => {
    const response = await call('GET', `/notifications/stream?access_token=${tokens.bob}&since=1`);
    expect(await response.json()).toMatchObject({ url: '/notifications/stream?since=1', customer: 'bob' });
    expect((await call('GET', `/notifications?access_token=${tokens.bob}`)).status).toBe(401);
  });

  it('refreshes a session once per refresh token', async () => {
    const pair = (await (await login('bob', 'bob-pw')).json()) as { refreshToken: string };
    const refresh = () => fetch(`${gateway.url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: pair.refreshToken }) });
    const first = await refresh();
    expect(first.status).toBe(200);
    const renewed = (await first.json()) as { accessToken: string };
    expect((await fetch(`${gateway.url}/mypages`, { headers: { authorization: `Bearer ${renewed.accessToken}` } })).status).toBe(200);
    expect((await refresh()).status).toBe(401);
  });
});

describe('gateway refresh after the users changed', () => {
  let services: FakeUpstream;
  const gateways: { app: NestFastifyApplication; url: string }[] = [];

  const refreshAt = (gateway: { url: string }, refreshToken: string) =>
    fetch(`${gateway.url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });

  beforeAll(async () => {
    services = await fakeServices();
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.app.close()));
    await services.stop();
  });

  /** Sessions of the gateway as it was, refreshed at one started with the same key after alice was removed and clerk made a customer. */
  async function sessionsAcrossTheChange(): Promise<{ alice: string; clerk: string; changed: { url: string } }> {
    const before = await startGateway(services, { GATEWAY_AUTH_MODE: 'required' });
    gateways.push(before);
    const refreshTokenOf = async (username: string) => {
      const login = await fetch(`${before.url}/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-pw` }),
      });
      return ((await login.json()) as { refreshToken: string }).refreshToken;
    };
    const [alice, clerk] = [await refreshTokenOf('alice'), await refreshTokenOf('clerk')];
    const changed = await startGateway(services, { GATEWAY_AUTH_MODE: 'required', GATEWAY_USERS: 'bob:customer,clerk:customer' });
    gateways.push(changed);
    return { alice, clerk, changed };
  }

  it('refuses to renew the session of a user who was removed, and renews a changed role as the role it is now', async () => {
    const { alice, clerk, changed } = await sessionsAcrossTheChange();

    const removed = await refreshAt(changed, alice);
    const demoted = await refreshAt(changed, clerk);

    expect([removed.status, ((await removed.json()) as { code: string }).code]).toEqual([401, 'INVALID_TOKEN']);
    const renewed = (await demoted.json()) as { role: string; accessToken: string };
    expect(renewed.role).toBe('customer');
    const print = await fetch(`${changed.url}/tickets/t1`, {
      method: 'PATCH', headers: { authorization: `Bearer ${renewed.accessToken}`, 'content-type': 'application/json' }, body: '{}',
    });
    expect(print.status).toBe(403);
  });
});

describe('gateway logs', () => {
  let services: FakeUpstream;
  let gateway: { app: NestFastifyApplication; url: string };
  const lines: string[] = [];

  beforeAll(async () => {
    services = await fakeServices();
    gateway = await startGateway(
      services,
      { GATEWAY_AUTH_MODE: 'required', GATEWAY_NOTIFICATION_URL: await FakeUpstream.unusedOrigin() },
      new JsonLogger('gateway', 'warn', (line) => lines.push(line)),
    );
  });
  afterAll(async () => {
    await gateway.app.close();
    await services.stop();
  });

  it("do not hold the live stream's access token when its service cannot be reached", async () => {
    const login = await fetch(`${gateway.url}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'alice-pw' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    const response = await fetch(`${gateway.url}/notifications/stream?access_token=${accessToken}`);

    expect(response.status).toBe(502);
    expect(lines.some((line) => line.includes('/notifications/stream'))).toBe(true);
    expect(lines.filter((line) => line.includes(accessToken))).toEqual([]);
  });
});

describe('gateway hardening', () => {
  let services: FakeUpstream;
  let gateway: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    services = await fakeServices();
    gateway = await startGateway(services, {
      GATEWAY_AUTH_MODE: 'demo', GATEWAY_RATE_LIMIT_MAX: '30', GATEWAY_LOGIN_RATE_LIMIT_MAX: '3',
      GATEWAY_BODY_LIMIT_BYTES: '2048', GATEWAY_CORS_ORIGINS: 'https://cinema.example',
    });
  });
  afterAll(async () => {
    await gateway.app.close();
    await services.stop();
  });

  it('lets a call without a token through in demo mode, for the customer it names', async () => {
    const response = await fetch(`${gateway.url}/books/b1`, { headers: { 'x-customer-id': 'carol' } });
    expect(await response.json()).toMatchObject({ customer: 'carol' });
  });

  it('refuses a customer id longer than the platform keeps with 400, without calling a service', async () => {
    const before = services.received.length;
    const response = await fetch(`${gateway.url}/books`, {
      method: 'POST', headers: { 'x-customer-id': 'c'.repeat(65), 'content-type': 'application/json' }, body: '{}',
    });
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([400, 'INVALID_CUSTOMER_ID']);
    expect(services.received.length).toBe(before);
    expect((await fetch(`${gateway.url}/books/b1`, { headers: { 'x-customer-id': 'c'.repeat(64) } })).status).toBe(200);
  });

  it('still checks a token in demo mode', async () => {
    const response = await fetch(`${gateway.url}/books/b1`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(response.status).toBe(401);
  });

  it('refuses a body over the limit with 413, declared or chunked, before it reaches a service', async () => {
    const before = services.received.length;
    const big = JSON.stringify({ seat: 'x'.repeat(4096) });
    const declared = await fetch(`${gateway.url}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    const chunked = await fetch(`${gateway.url}/books`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, duplex: 'half',
      body: new Blob([big]).stream(),
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(services.received.filter((request) => request.body.length > 2048)).toHaveLength(0);
    expect(services.received.length - before).toBeLessThanOrEqual(1);
  });

  it('sends security headers', async () => {
    const response = await fetch(`${gateway.url}/movies`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('allows CORS for a configured origin only', async () => {
    const preflight = (origin: string) => fetch(`${gateway.url}/books`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    const allowed = await preflight('https://cinema.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://cinema.example');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits login attempts per client and says when to retry', async () => {
    const attempt = () => fetch(`${gateway.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"alice","password":"guess"}' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.headers.get('retry-after')).toBeTruthy();
    expect(await limited.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
  });

  it('limits every other call per client', async () => {
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await fetch(`${gateway.url}/movies`)).status;
    expect(status).toBe(429);
    expect(await (await fetch(`${gateway.url}/movies`)).json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringContaining('try again') });
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });
});

describe('gateway login budget', () => {
  let services: FakeUpstream;
  let gateway: { app: NestFastifyApplication; url: string };

  beforeAll(async () => {
    services = await fakeServices();
    gateway = await startGateway(services, { GATEWAY_AUTH_MODE: 'demo', GATEWAY_LOGIN_RATE_LIMIT_MAX: '3' });
  });
  afterAll(async () => {
    await gateway.app.close();
    await services.stop();
  });

  it('counts a login under its budget however its path is written', async () => {
    const statuses = [];
    for (const target of ['/auth/login', '/auth/%6Cogin', 'http://x/auth/login', '/auth/login#', '/auth/%6Cogin']) {
      statuses.push((await rawCall(gateway.url, 'POST', target)).status);
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });
});

const mysqlServer = process.env.TEST_MYSQL_URL?.replace(/\/$/, '');
const describeOnMariaDb = mysqlServer ? describe : describe.skip;

describeOnMariaDb('refresh tokens across gateway processes (MariaDB, TEST_MYSQL_URL)', () => {
  const database = `test_gateway_${randomBytes(4).toString('hex')}`;
  let services: FakeUpstream;
  const gateways: { app: NestFastifyApplication; url: string }[] = [];

  const start = async () => {
    const gateway = await startGateway(services, { GATEWAY_AUTH_MODE: 'required', GATEWAY_DB_URL: `${mysqlServer}/${database}` });
    gateways.push(gateway);
    return gateway;
  };
  const refresh = (gateway: { url: string }, refreshToken: string) =>
    fetch(`${gateway.url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });

  beforeAll(async () => {
    services = await fakeServices();
  });
  afterAll(async () => {
    await gateways[0]?.app.get(DataSource).query(`DROP DATABASE IF EXISTS \`${database}\``);
    await Promise.all(gateways.map((gateway) => gateway.app.close()));
    await services.stop();
  });

  it('takes a refresh token once, whichever of two gateways gets it, and still refuses it after both restarted', async () => {
    const [first, second] = [await start(), await start()];
    const login = await fetch(`${first.url}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'alice-pw' }),
    });
    const { refreshToken } = (await login.json()) as { refreshToken: string };

    const answers = await Promise.all([refresh(first, refreshToken), refresh(second, refreshToken)]);
    await Promise.all(gateways.splice(0).map((gateway) => gateway.app.close()));
    const afterRestart = await refresh(await start(), refreshToken);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    expect([afterRestart.status, ((await afterRestart.json()) as { code: string }).code]).toEqual([401, 'INVALID_TOKEN']);
  });
});
