import { DomainError } from '@movie/ddd';

export class CustomerRequired extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'CUSTOMER_REQUIRED';

  constructor() {
    super('say whose notifications: the x-customer-id header or the customerId query parameter');
  }
}
