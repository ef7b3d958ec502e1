import { ConfigError } from '@movie/runtime';
import { loadGatewayConfig } from './gateway.config';

describe('loadGatewayConfig', () => {
  it('defaults to the documented ports on the loopback interface', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({ port: 8088, host: '127.0.0.1', demoCustomerId: 'demo-customer', upstreamTimeoutMs: 10_000 });
    expect(config.upstreams).toEqual({
      book: 'http://127.0.0.1:8081',
      payment: 'http://127.0.0.1:8082',
      mypage: 'http://127.0.0.1:8083',
      ticket: 'http://127.0.0.1:8084',
      notification: 'http://127.0.0.1:8085',
    });
  });

  it('requires a token by default, and seeds users without passwords outside demo mode', () => {
    const config = loadGatewayConfig({});
    expect(config.auth).toMatchObject({ mode: 'required', jwtSecretGenerated: true, accessTokenTtlSeconds: 900 });
    expect(config.auth.users.map((user) => [user.username, user.role, user.password])).toEqual([
      ['alice', 'customer', undefined], ['bob', 'customer', undefined], ['clerk', 'staff', undefined],
    ]);
    expect(config.security).toMatchObject({ bodyLimitBytes: 65536, rateLimitMax: 600, loginRateLimitMax: 10, corsOrigins: [] });
  });

  it('gives the seeded users demo passwords and lifts the general rate limit only in demo mode', () => {
    const config = loadGatewayConfig({ GATEWAY_AUTH_MODE: 'demo', GATEWAY_USER_BOB_PASSWORD: 'from-env' });
    expect(config.auth.users.map((user) => user.password)).toEqual(['alice-demo', 'from-env', 'clerk-demo']);
    expect(config.security.rateLimitMax).toBe(0);
  });

  it('refuses a short JWT secret and a user entry without a known role', () => {
    expect(() => loadGatewayConfig({ GATEWAY_JWT_SECRET: 'short' })).toThrow(/GATEWAY_JWT_SECRET must be at least 32/);
    expect(() => loadGatewayConfig({ GATEWAY_USERS: 'mallory:admin' })).toThrow(/GATEWAY_USERS/);
  });

  it('reads each upstream from GATEWAY_<SERVICE>_URL', () => {
    expect(loadGatewayConfig({ GATEWAY_TICKET_URL: 'http://ticket.internal:80' }).upstreams.ticket).toBe('http://ticket.internal:80');
  });

  it('refuses an upstream URL that is not an http origin, naming the setting', () => {
    expect(() => loadGatewayConfig({ GATEWAY_BOOK_URL: 'http://127.0.0.1:8081/api' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ GATEWAY_BOOK_URL: 'book:8081' })).toThrow(/GATEWAY_BOOK_URL/);
  });

  it('names every wrong setting at once', () => {
    expect(() => loadGatewayConfig({ GATEWAY_UPSTREAM_TIMEOUT_MS: '0', GATEWAY_PAYMENT_URL: 'payment' })).toThrow(
      /GATEWAY_UPSTREAM_TIMEOUT_MS[\s\S]*GATEWAY_PAYMENT_URL/,
    );
  });
});
