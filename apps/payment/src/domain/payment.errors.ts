import { DomainError } from '@movie/ddd';
import { PaymentErrorCodes } from '@movie/contracts';

export class PaymentDeclined extends DomainError {
  readonly kind = 'declined' as const;
  readonly code = PaymentErrorCodes.declined;
}

export class BookingVoided extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = PaymentErrorCodes.voided;

  constructor(bookingId: string) {
    super(`booking ${bookingId} was voided and can no longer be paid`);
  }
}

export class PaymentAlreadyRefunded extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = PaymentErrorCodes.refunded;

  constructor(bookingId: string) {
    super(`the payment for booking ${bookingId} was refunded; the booking can no longer be paid`);
  }
}

export class PaymentMismatch extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = PaymentErrorCodes.mismatch;
}

export class PaymentNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = PaymentErrorCodes.notFound;
}

/** The processor is not answering; nothing was charged, so the caller may retry. */
export class PaymentUnavailable extends DomainError {
  readonly kind = 'unavailable' as const;
  readonly code = PaymentErrorCodes.unavailable;
  override readonly retryAfterSeconds = 1;

  constructor() {
    super('the payment processor is not available; nothing was charged, try again shortly');
  }
}

export class InvalidPayment extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'PAYMENT_INVALID';
}
