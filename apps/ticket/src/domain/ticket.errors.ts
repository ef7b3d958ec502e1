import { DomainError } from '@movie/ddd';

export class TicketNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = 'TICKET_NOT_FOUND';
  constructor(ticketId: string) {
    super(`ticket ${ticketId} does not exist`);
  }
}

export class TicketVoided extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'TICKET_VOIDED';
  constructor(ticketId: string) {
    super(`ticket ${ticketId} was voided (its booking was cancelled); it cannot be printed`);
  }
}

export class TicketAlreadyPrinted extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'TICKET_ALREADY_PRINTED';
  constructor(ticketId: string) {
    super(`ticket ${ticketId} is printed; it cannot be voided`);
  }
}

/** Book refused the print: the booking was cancelled first, and its BookingCancelled will void the ticket. */
export class BookingCancelled extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'BOOKING_CANCELLED';
  constructor() {
    super('the booking was cancelled; ticket not printed');
  }
}

/** Book refused the print for another reason than a cancellation; its words are passed on. */
export class BookingNotPrintable extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(`book refused to print the ticket: ${reason}; ticket not printed`);
  }
}

export class BookUnavailable extends DomainError {
  readonly kind = 'unavailable' as const;
  readonly code = 'BOOK_UNAVAILABLE';
  constructor(
    override readonly retryAfterSeconds: number,
    why: string,
  ) {
    super(`book did not confirm the print (${why}); ticket not printed, try again shortly`);
  }
}
