import { customerIdProblem } from '@movie/contracts';
import { InvalidBookingRequest } from '../domain/book.errors';

export const ANONYMOUS_CUSTOMER = 'anonymous';

/**
 * Whom a booking or hold is for: the gateway's header, else the request's own customerId, else
 * anonymous. A header longer than the columns that keep it is refused here, before payment is
 * asked (which refuses it too, and a refusal from payment counts as payment failing).
 */
export function customerOf(header: string | undefined, fromBody?: string): string {
  const problem = header && customerIdProblem(header);
  if (problem) throw new InvalidBookingRequest('INVALID_CUSTOMER_ID', problem);
  return header || fromBody || ANONYMOUS_CUSTOMER;
}
