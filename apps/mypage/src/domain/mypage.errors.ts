import { DomainError } from '@movie/ddd';

export class MyBookingNotFound extends DomainError {
  readonly kind = 'not_found' as const;
  readonly code = 'BOOKING_NOT_FOUND';

  constructor(bookingId: string) {
    super(`booking ${bookingId} is not on my page`);
  }
}

export class CustomerRequired extends DomainError {
  readonly kind = 'invalid' as const;
  readonly code = 'CUSTOMER_REQUIRED';

  constructor() {
    super('say whose bookings to list: the x-customer-id header or the customerId query parameter');
  }
}

export class RebuildInProgress extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'REBUILD_IN_PROGRESS';

  constructor() {
    super('my page is already being rebuilt; wait for that rebuild to finish');
  }
}

export class EventLogIncomplete extends DomainError {
  readonly kind = 'conflict' as const;
  readonly code = 'EVENT_LOG_INCOMPLETE';

  constructor(missing: number, shown: number) {
    super(
      `the event log no longer holds ${missing} of the ${shown} events my page shows (the broker's retention removed them, ` +
        'or the embedded bus started empty after a restart); a rebuild would drop them, so my page was left as it was',
    );
  }
}
