import { customerIdProblem } from '@movie/contracts';
import { InvalidBookingRequest } from '../domain/book.errors';

export const ANONYMOUS_CUSTOMER = 'anonymous';

/**
 * Whom a booking or hold is for: the gateway's header, else the request's own customerId, else
 * anonymous. An id longer than the columns that keep it is refused here, before payment is asked.
 * The body's passed its DTO's @Length, which can count half the characters MariaDB counts.
 */
export function customerOf(header: string | undefined, fromBody?: string): string {
  const problem = header ? customerIdProblem(header) : fromBody && customerIdProblem(fromBody, 'customerId');
  if (problem) throw new InvalidBookingRequest('INVALID_CUSTOMER_ID', problem);
  return header || fromBody || ANONYMOUS_CUSTOMER;
}
