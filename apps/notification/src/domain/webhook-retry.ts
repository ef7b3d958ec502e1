/** How hard the webhook is tried before a delivery is given up. */
export interface WebhookRetryPolicy {
  maxAttempts: number;
  firstBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * What one POST came to: an HTTP status (with the Location of a redirect), or no answer at all
 * (refused, reset, timed out).
 */
export type WebhookAnswer = { statusCode: number; location?: string } | { error: string };

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

const isSuccess = (statusCode: number) => statusCode >= 200 && statusCode < 300;

const isRedirect = (statusCode: number) => statusCode >= 300 && statusCode < 400;

/** Keeps a receiver's Location short enough for the attempt's record. */
const LOCATION_SHOWN = 300;

/**
 * A receiver that answers 4xx refuses this message for good; only 408 and 429 ask to come back.
 * A redirect is final too: it is never followed (it could point anywhere, our own network
 * included), so the same POST to the same URL would only be redirected again.
 */
const isRetryable = (answer: WebhookAnswer): boolean =>
  !('statusCode' in answer) || answer.statusCode >= 500 || answer.statusCode === 408 || answer.statusCode === 429;

/** Judges attempt number `attempt` (1 for the first). */
export function outcomeOf(answer: WebhookAnswer, attempt: number, policy: WebhookRetryPolicy): AttemptOutcome {
  if ('statusCode' in answer && isSuccess(answer.statusCode)) return 'delivered';
  if (!isRetryable(answer) || attempt >= policy.maxAttempts) return 'failed';
  return 'retry';
}

/** Why an answer is not a delivery, for the attempt's record; null for a delivered one. */
export function problemOf(answer: WebhookAnswer): string | null {
  if ('error' in answer) return answer.error;
  const { statusCode, location } = answer;
  if (isRedirect(statusCode)) {
    const to = location ? ` to ${location.slice(0, LOCATION_SHOWN)}` : '';
    return `HTTP ${statusCode} redirect${to}, not followed: the webhook URL must be the address that takes the POST`;
  }
  return isSuccess(statusCode) ? null : `HTTP ${statusCode}`;
}

/** Exponential backoff after failed attempt number `attempt`: first, 2x first, 4x first, ... up to the cap. */
export function backoffMs(attempt: number, policy: WebhookRetryPolicy): number {
  return Math.min(policy.firstBackoffMs * 2 ** Math.max(0, attempt - 1), policy.maxBackoffMs);
}
