import { backoffMs, outcomeOf, problemOf, WebhookRetryPolicy } from './webhook-retry';

const policy: WebhookRetryPolicy = { maxAttempts: 3, firstBackoffMs: 100, maxBackoffMs: 250 };

describe('webhook retry policy', () => {
  it('counts any 2xx as delivered', () => {
    expect([outcomeOf({ statusCode: 200 }, 1, policy), outcomeOf({ statusCode: 204 }, 3, policy)]).toEqual(['delivered', 'delivered']);
  });

  it.each([[{ statusCode: 503 }], [{ statusCode: 429 }], [{ statusCode: 408 }], [{ error: 'connect ECONNREFUSED' }]])(
    'tries %p again while attempts remain', (answer) => {
      expect(outcomeOf(answer, 2, policy)).toBe('retry');
    });

  it('gives up after the last attempt', () => {
    expect(outcomeOf({ statusCode: 503 }, 3, policy)).toBe('failed');
  });

  it('gives up at once on a refusal such as 400 or 410', () => {
    expect([outcomeOf({ statusCode: 400 }, 1, policy), outcomeOf({ statusCode: 410 }, 1, policy)]).toEqual(['failed', 'failed']);
  });

  it('gives up at once on a redirect, which is never followed', () => {
    expect([outcomeOf({ statusCode: 307, location: '/elsewhere' }, 1, policy), outcomeOf({ statusCode: 301 }, 1, policy)])
      .toEqual(['failed', 'failed']);
  });

  it('records a redirect, and where it pointed, as the reason it was not a delivery', () => {
    expect([problemOf({ statusCode: 307, location: 'http://10.0.0.1/' }), problemOf({ statusCode: 503 }), problemOf({ statusCode: 204 })])
      .toEqual(['HTTP 307 redirect to http://10.0.0.1/, not followed: the webhook URL must be the address that takes the POST', 'HTTP 503', null]);
  });

  it('doubles the wait after each failure, up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, policy))).toEqual([100, 200, 250, 250]);
  });
});
