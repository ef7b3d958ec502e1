import { setTimeout as sleep } from 'node:timers/promises';
import { HttpService } from '@nestjs/axios';
import { getEventListeners } from 'node:events';
import axios from 'axios';
import { Agent } from 'undici';
// Not part of cockatiel's exported API: the default signal every call gets without one of its own.
import { neverAbortedSignal } from 'cockatiel/dist/common/abort';
import { FakePayment } from '../testing/fake-payment';
import { paymentHttpConfig } from './payment-client.module';
import { PaymentClient, PaymentOutcome } from './payment.client';

const retryAfter = (outcome: PaymentOutcome) => (outcome.kind === 'unavailable' ? outcome.retryAfterSeconds : NaN);
const request = { bookingId: '6f1d1d4e-1d0a-4f57-9a57-5c9f3f0f4a11', customerId: 'c1', amount: 5000 };

describe('PaymentClient', () => {
  let payment: FakePayment;
  const agents: Agent[] = [];
  /** An agent closed after each test, so no test leaves sockets behind. */
  const agent = () => {
    const one = new Agent();
    agents.push(one);
    return one;
  };
  const client = (overrides = {}) =>
    new PaymentClient(new HttpService(axios.create(paymentHttpConfig(payment.url, agent()))), {
      baseUrl: payment.url,
      timeoutMs: 1000,
      retries: 1,
      breakerThreshold: 3,
      breakerOpenMs: 60_000,
      retryAfterSeconds: 2,
      ...overrides,
    });

  beforeEach(async () => {
    payment = await new FakePayment().start();
  });
  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.close()));
    await payment.stop();
  });

  it('returns the approved payment', async () => {
    const outcome = await client().pay(request);
    expect(outcome).toMatchObject({ kind: 'approved', payment: { bookingId: request.bookingId, amount: 5000 } });
    expect(payment.requests[0].headers['idempotency-key']).toBe(request.bookingId);
  });

  it('reads a decline as an answer, not a failure: no retry, breaker stays closed', async () => {
    payment.mode = 'decline';
    const payments = client();
    for (let i = 0; i < 5; i++) expect(await payments.pay(request)).toMatchObject({ kind: 'declined', reason: 'amount over the card limit' });
    expect(payment.calls('/payments')).toBe(5);
    expect(payments.state.breaker).toBe('closed');
  });

  it("reads a 400 as book's own mistake, not payment failing: no retry, breaker stays closed", async () => {
    payment.mode = 'refuse';
    const payments = client();
    for (let i = 0; i < 5; i++) expect(await payments.pay(request)).toMatchObject({ kind: 'unavailable', why: 'down', attempted: true });
    expect(payment.calls('/payments')).toBe(5);
    expect(payments.state.breaker).toBe('closed');
  });

  it('reads a PAYMENT_MISMATCH as a charge it cannot use, not a decline, so the booking it releases gets voided', async () => {
    payment.mode = 'mismatch';
    const outcome = await client().pay(request);
    expect(outcome).toMatchObject({ kind: 'unavailable', attempted: true });
    expect(payment.calls('/payments')).toBe(1);
  });

  it('retries a 503 once, safely since payment is idempotent by booking id', async () => {
    payment.failFirst = 1;
    expect(await client().pay(request)).toMatchObject({ kind: 'approved' });
    expect(payment.calls('/payments')).toBe(2);
  });

  it('gives up after the timeout without retrying and reports that a charge may exist', async () => {
    payment.mode = 'slow';
    payment.slowMs = 5000;
    const started = Date.now();
    const outcome = await client().pay(request);
    expect(outcome).toEqual({ kind: 'unavailable', why: 'timeout', retryAfterSeconds: expect.any(Number), attempted: true });
    expect(retryAfter(outcome)).toBeGreaterThanOrEqual(2);
    expect(retryAfter(outcome)).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(payment.calls('/payments')).toBe(1);
  });

  it('opens the breaker after consecutive failures and then answers without calling payment', async () => {
    payment.mode = 'down';
    const payments = client();
    for (let i = 0; i < 3; i++) expect(await payments.pay(request)).toMatchObject({ kind: 'unavailable', why: 'down' });
    const callsBefore = payment.calls('/payments');
    expect(payments.isOpen).toBe(true);
    const refused = await payments.pay(request);
    expect(refused).toEqual({ kind: 'unavailable', why: 'breaker open', retryAfterSeconds: expect.any(Number), attempted: false });
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(60);
    expect(retryAfter(refused)).toBeLessThanOrEqual(120);
    expect(payment.calls('/payments')).toBe(callsBefore);
    expect(payments.state).toEqual({ breaker: 'open', fallbacks: 4 });
  });

  it('lets one trial call through after the open period and closes on success', async () => {
    payment.mode = 'down';
    const payments = client({ breakerOpenMs: 200, retries: 0 });
    for (let i = 0; i < 3; i++) await payments.pay(request);
    expect(payments.isOpen).toBe(true);
    payment.mode = 'approve';
    await sleep(250);
    expect(payments.isOpen).toBe(false);
    expect(await payments.pay(request)).toMatchObject({ kind: 'approved' });
    expect(payments.state.breaker).toBe('closed');
  });

  it('voids and looks up payments of a booking', async () => {
    const payments = client();
    expect(await payments.find(request.bookingId)).toBeNull();
    await payments.pay(request);
    expect(await payments.find(request.bookingId)).toMatchObject({ status: 'APPROVED' });
    expect(await payments.void(request.bookingId, 'test')).toBe('refunded');
    expect(await payments.void('00000000-0000-4000-8000-000000000000', 'test')).toBe('voided');
  });

  it('cancels a call that times out, and leaves alone the signal of one that was answered', async () => {
    const abort = jest.spyOn(AbortController.prototype, 'abort');
    try {
      expect(await client().pay(request)).toMatchObject({ kind: 'approved' });
      expect(abort).not.toHaveBeenCalled();

      payment.mode = 'slow';
      payment.slowMs = 2000;
      expect(await client({ timeoutMs: 100, retries: 0 }).pay(request)).toMatchObject({ kind: 'unavailable', why: 'timeout' });
      expect(abort).toHaveBeenCalledTimes(1);
    } finally {
      abort.mockRestore();
    }
  });

  it('gives each call its own abort signal, so calls in flight do not pile listeners onto the one cockatiel shares', async () => {
    payment.mode = 'slow';
    payment.slowMs = 100;
    const payments = client();
    const calls = Array.from({ length: 20 }, (_, i) => payments.pay({ ...request, bookingId: `${request.bookingId.slice(0, -2)}${10 + i}` }));
    await sleep(30);

    // Node warns (MaxListenersExceededWarning) past 10 listeners on one signal.
    expect(getEventListeners(neverAbortedSignal, 'abort')).toHaveLength(0);
    expect((await Promise.all(calls)).every((outcome) => outcome.kind === 'approved')).toBe(true);
  });

  it('spreads Retry-After while open over the seconds left and up to one open period more, so refused clients come back apart', async () => {
    payment.mode = 'down';
    const payments = client({ breakerOpenMs: 3000, retries: 0 });
    for (let i = 0; i < 3; i++) await payments.pay(request);

    const seconds = Array.from({ length: 60 }, () => payments.openRetryAfterSeconds);

    expect(Math.min(...seconds)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seconds)).toBeLessThanOrEqual(6);
    expect(new Set(seconds).size).toBeGreaterThan(1);
  });
});
