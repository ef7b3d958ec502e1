import { ForbiddenException } from '@nestjs/common';
import { CustomerRequired } from '../domain/mypage.errors';

/**
 * The customer whose page is asked for. Through the gateway the caller is known from the
 * x-customer-id header, and a customer sees only their own bookings; an internal caller
 * without the header names the customer in the query.
 */
export function customerToShow(caller: string | undefined, requested: string | undefined): string {
  if (caller && requested && caller !== requested) {
    throw new ForbiddenException({ message: 'a customer sees only their own bookings', code: 'NOT_YOUR_BOOKINGS' });
  }
  const customerId = caller || requested;
  if (!customerId) throw new CustomerRequired();
  return customerId;
}
