import { UpstreamName } from '../routing/route-table';
import { Caller, customerIdOf } from './caller';

/**
 * Payment and ticket answer by id without knowing who asks (book calls them too). For a
 * customer the gateway shows only records whose customerId is theirs; anyone else's is a 404,
 * as book, mypage and notification answer themselves.
 */
const answerForAnyone: ReadonlySet<UpstreamName> = new Set(['payment', 'ticket']);

/** The customer whose records the answer must be narrowed to, if it must be. */
export function ownerToCheck(upstream: UpstreamName, method: string, caller: Caller): string | undefined {
  if (caller.kind !== 'user' || (method !== 'GET' && method !== 'HEAD') || !answerForAnyone.has(upstream)) return undefined;
  return customerIdOf(caller);
}

/** The body with other customers' records left out; undefined if it is another customer's record. */
export function ownedPart(body: unknown, customerId: string): unknown {
  const owns = (record: unknown) => typeof record === 'object' && record !== null && (record as { customerId?: unknown }).customerId === customerId;
  if (Array.isArray(body)) return body.filter(owns);
  return owns(body) ? body : undefined;
}
