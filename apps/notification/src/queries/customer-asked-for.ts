import { CustomerRequired } from '../domain/notification.errors';

/**
 * Whose notifications. Through the gateway the caller is known from the x-customer-id
 * header, which wins over the query; an internal caller names the customer in the query.
 */
export function customerAskedFor(header: string | undefined, query: string | undefined): string {
  const customerId = header || query;
  if (!customerId) throw new CustomerRequired();
  return customerId;
}
