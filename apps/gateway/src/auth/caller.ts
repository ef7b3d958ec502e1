export const roles = ['customer', 'staff'] as const;
export type Role = (typeof roles)[number];

/** Who a request is made by, as the gateway established it. */
export type Caller =
  /** A verified token. A customer's id is their username. */
  | { kind: 'user'; username: string; role: Role }
  /** No token. In demo mode the customer comes from x-customer-id or the demo customer. */
  | { kind: 'anonymous'; customerId?: string };

/** The x-customer-id the services see: customers only; staff and the catalogue's visitors act for no customer. */
export function customerIdOf(caller: Caller): string | undefined {
  if (caller.kind === 'anonymous') return caller.customerId;
  return caller.role === 'customer' ? caller.username : undefined;
}
