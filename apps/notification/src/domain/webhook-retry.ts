/** How hard the webhook is tried before a delivery is given up. */
export interface WebhookRetryPolicy {
  maxAttempts: number;
  firstBackoffMs: number;
  maxBackoffMs: number;
}

/** What one POST came to: an HTTP status, or no answer at all (refused, reset, timed out). */
export type WebhookAnswer = { statusCode: number } | { error: string };

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

const isSuccess = (statusCode: number) => statusCode >= 200 && statusCode < 300;

/** A receiver that answers 4xx refuses this message for good; only 408 and 429 ask to come back. */
const isRetryable = (answer: WebhookAnswer): boolean =>
  !('statusCode' in answer) || answer.statusCode >= 500 || answer.statusCode === 408 || answer.statusCode === 429;

/** Judges attempt number `attempt` (1 for the first). */
export function outcomeOf(answer: WebhookAnswer, attempt: number, policy: WebhookRetryPolicy): AttemptOutcome {
  if ('statusCode' in answer && isSuccess(answer.statusCode)) return 'delivered';
  if (!isRetryable(answer) || attempt >= policy.maxAttempts) return 'failed';
  return 'retry';
}

/** Exponential backoff after failed attempt number `attempt`: first, 2x first, 4x first, ... up to the cap. */
export function backoffMs(attempt: number, policy: WebhookRetryPolicy): number {
  return Math.min(policy.firstBackoffMs * 2 ** Math.max(0, attempt - 1), policy.maxBackoffMs);
}
