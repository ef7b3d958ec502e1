import { DomainError } from '@movie/ddd';

export class InvalidBookingRequest extends DomainError {
  readonly kind = 'invalid' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class UnknownMovie extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'UNKNOWN_MOVIE';
  constructor(what: string) {
    super(`${what} is not showing; GET /movies lists what is`);
  }
}

export class ScreeningNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = 'SCREENING_NOT_FOUND';
  constructor(screeningId: string) {
    super(`screening ${screeningId} does not exist`);
  }
}

export class SeatAlreadyTaken extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'SEAT_ALREADY_TAKEN';
  constructor(readonly seats: string[]) {
    super(`seat ${seats.join(', ')} ${seats.length > 1 ? 'are' : 'is'} already taken; pick another from GET /screenings/:id/seats`);
  }
}

export class BookingNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = 'BOOKING_NOT_FOUND';
  constructor(bookingId: string) {
    super(`booking ${bookingId} does not exist`);
  }
}

export class BookingStateConflict extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class PaymentDeclined extends DomainError {
  readonly kind = 'declined' as const;
  readonly code = 'PAYMENT_DECLINED';
  constructor(reason: string) {
    super(`payment declined, nothing was booked: ${reason}`);
  }
}

export class PaymentUnavailable extends DomainError {
  readonly kind = 'unavailable' as const;
  readonly code = 'PAYMENT_UNAVAILABLE';
  constructor(
    override readonly retryAfterSeconds: number,
    why: string,
  ) {
    super(`payment is busy (${why}); nothing was booked and your seats are free again, try again shortly`);
  }
}

export class HoldNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = 'HOLD_NOT_FOUND';
  constructor(holdId: string) {
    super(`hold ${holdId} does not exist`);
  }
}

export class HoldExpired extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'HOLD_EXPIRED';
  constructor(holdId: string, status: string) {
    super(`hold ${holdId} is ${status}; its seats may be taken by now, hold them again with POST /holds`);
  }
}

export class HoldInUse extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'HOLD_IN_USE';
  constructor(holdId: string, status: string) {
    super(`hold ${holdId} is ${status === 'booked' ? 'already booked' : 'being paid for'}; see its booking`);
  }
}

export class PaymentOutcomeUnknown extends DomainError {
  readonly kind = 'unavailable' as const;
  readonly code = 'PAYMENT_OUTCOME_UNKNOWN';
  constructor(
    override readonly retryAfterSeconds: number,
    readonly bookingId: string,
  ) {
    super(
      `payment did not answer in time, so whether booking ${bookingId} was paid is not known yet; its seats stay held ` +
        'while book asks payment. Retry with the same Idempotency-Key for the outcome',
    );
  }
}
