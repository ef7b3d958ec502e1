import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startPaymentApp } from '../testing/start-payment-app';

describe('fault control over HTTP (PAYMENT_FAULT_CONTROL=true)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startPaymentApp({ PAYMENT_FAULT_CONTROL: 'true' });
  });
  afterAll(() => app.close());

  const inject = (method: string, url: string, payload?: object) =>
    app.getHttpAdapter().getInstance().inject({ method: method as 'GET', url, payload });
  const charge = (bookingId: string) => inject('POST', '/payments', { bookingId, customerId: 'customer-1', amount: 26000 });

  afterEach(() => inject('PUT', '/internal/faults', { delayMs: 0, failureRate: 0 }));

  it('shows no faults by default', async () => {
    expect((await inject('GET', '/internal/faults')).json()).toEqual({ delayMs: 0, failureRate: 0 });
  });

  it('changes the faults, keeping those left out', async () => {
    await inject('PUT', '/internal/faults', { failureRate: 0.5 });
    const response = await inject('PUT', '/internal/faults', { delayMs: [1, 3] });
    expect([response.statusCode, response.json()]).toEqual([200, { delayMs: [1, 3], failureRate: 0.5 }]);
    expect((await inject('GET', '/internal/faults')).json()).toEqual({ delayMs: [1, 3], failureRate: 0.5 });
  });

  it('answers 503 PAYMENT_UNAVAILABLE with Retry-After and charges nothing when every charge fails', async () => {
    await inject('PUT', '/internal/faults', { failureRate: 1 });
    const bookingId = randomUUID();
    const response = await charge(bookingId);
    expect([response.statusCode, response.json().code, response.headers['retry-after']]).toEqual([503, 'PAYMENT_UNAVAILABLE', '1']);
    await inject('PUT', '/internal/faults', { failureRate: 0 });
    expect((await charge(bookingId)).statusCode).toBe(201);
  });

  it('still charges while delaying', async () => {
    await inject('PUT', '/internal/faults', { delayMs: 5 });
    expect((await charge(randomUUID())).statusCode).toBe(201);
  });

  it.each([
    [{ failureRate: 1.5 }, 'failureRate must be a number from 0 to 1'],
    [{ failureRate: '0.5' }, 'failureRate must be a number from 0 to 1'],
    [{ delayMs: -1 }, 'delayMs must be'],
    [{ delayMs: [600, 400] }, 'delayMs must be'],
    [{ delayMs: '500' }, 'delayMs must be'],
    [{ delay: 500 }, 'property delay should not exist'],
    [{ delayMs: null }, 'delayMs must be'],
    [{ failureRate: null }, 'failureRate must be a number from 0 to 1'],
  ])('answers 400 for the faults %j', async (body, message) => {
    const response = await inject('PUT', '/internal/faults', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
  });
});

describe('payment without fault control', () => {
  it('has no /internal routes', async () => {
    const app = await startPaymentApp({});
    try {
      const response = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/internal/faults' });
      expect(response.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
