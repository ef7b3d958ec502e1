import { Headers } from '@movie/contracts';
import { currentRequestId } from '@movie/runtime';

/** Passes the caller's request id on, so one grep follows a booking through payment too. */
export function currentRequestIdHeader(): Record<string, string> {
  const requestId = currentRequestId();
  return requestId ? { [Headers.requestId]: requestId } : {};
}
