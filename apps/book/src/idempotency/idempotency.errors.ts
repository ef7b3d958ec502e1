import { DomainError } from '@movie/ddd';

export class InvalidIdempotencyKey extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'IDEMPOTENCY_KEY_INVALID';
  constructor() {
    super('Idempotency-Key must be 1 to 200 visible ASCII characters, e.g. a UUID');
  }
}

export class IdempotencyInProgress extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'IDEMPOTENCY_IN_PROGRESS';
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('a request with this Idempotency-Key is still running; retry shortly for its answer');
  }
}
