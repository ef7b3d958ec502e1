/** Headers the gateway sets and every service passes along. */
export const Headers = {
  requestId: 'x-request-id',
  /** The customer on whose behalf the call is made; set by the gateway only. */
  customerId: 'x-customer-id',
  idempotencyKey: 'idempotency-key',
} as const;
