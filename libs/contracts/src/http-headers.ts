/** Headers the gateway sets and every service passes along. */
export const Headers = {
  requestId: 'x-request-id',
  /** The customer on whose behalf the call is made; set by the gateway only. */
  customerId: 'x-customer-id',
  idempotencyKey: 'idempotency-key',
} as const;

/** The longest customer id the platform keeps (book's columns); a longer one is refused with 400 where it comes in. */
export const CUSTOMER_ID_MAX_LENGTH = 64;

/**
 * What is wrong with a customer id a client named (in x-customer-id unless `field` says where),
 * or undefined if nothing. It counts UTF-16 units, never fewer than the code points a utf8mb4
 * column counts; class-validator's length counts a character and its variation selector as one.
 */
export function customerIdProblem(customerId: string, field: string = Headers.customerId): string | undefined {
  return customerId.length > CUSTOMER_ID_MAX_LENGTH ? `${field} must be at most ${CUSTOMER_ID_MAX_LENGTH} characters` : undefined;
}
