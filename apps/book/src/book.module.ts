import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingHealth, MessagingModule, messagingReadiness } from '@movie/messaging';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { BookConfig } from './book.config';
import { CatalogHttpController } from './catalog/catalog.http.controller';
import { CatalogService } from './catalog/catalog.service';
import { BookSeatsHttpController } from './commands/book-seats/book-seats.http.controller';
import { BookSeatsService } from './commands/book-seats/book-seats.service';
import { CancelBookingHttpController } from './commands/cancel-booking/cancel-booking.http.controller';
import { CancelBookingService } from './commands/cancel-booking/cancel-booking.service';
import { MarkTicketPrintedHttpController } from './commands/mark-ticket-printed/mark-ticket-printed.http.controller';
import { MarkTicketPrintedService } from './commands/mark-ticket-printed/mark-ticket-printed.service';
import { SETTLE_SETTINGS, SettlePendingService } from './commands/settle-pending/settle-pending.service';
import { VoidPayments } from './commands/settle-pending/void-payments';
import { bookSchema } from './database/book.schema';
import { BookingRepository } from './database/booking.repository';
import { PaymentClientModule } from './payment/payment-client.module';
import { PaymentClient } from './payment/payment.client';
import { FindBookingsHttpController } from './queries/find-bookings.http.controller';
import { BookingRequestReader } from './commands/book-seats/booking-request.reader';
import { ExpireHoldsService } from './commands/expire-holds/expire-holds.service';
import { HoldSeatsHttpController } from './commands/hold-seats/hold-seats.http.controller';
import { HoldSeatsService } from './commands/hold-seats/hold-seats.service';
import { HOLD_SETTINGS } from './commands/hold-seats/hold-settings';
import { ReleaseHoldHttpController } from './commands/release-hold/release-hold.http.controller';
import { ReleaseHoldService } from './commands/release-hold/release-hold.service';
import { BookingSettlement } from './commands/settle-pending/booking-settlement';
import { HoldRepository } from './database/hold.repository';
import { SeatTaker } from './database/seat-taker';
import { FindHoldsHttpController } from './queries/find-holds.http.controller';
import { ResolveUnknownPaymentService, UNKNOWN_RESOLVE_MS } from './commands/resolve-payment/resolve-unknown-payment.service';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { IDEMPOTENCY_SETTINGS, IdempotentRequests } from './idempotency/idempotent-requests';

/** Bookings: the catalog, seats, and the booking's life from paid to printed or cancelled. */
@Module({})
export class BookModule {
  static register(config: BookConfig): DynamicModule {
    const payments = PaymentClientModule.register(config.payment);
    return {
      module: BookModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, ...bookSchema }),
        MessagingModule.register({ service: 'book', config: config.messaging }),
        payments,
        HealthModule.register({
          imports: [payments],
          inject: [DataSource, PaymentClient, MessagingHealth],
          checks: (dataSource: DataSource, paymentClient: PaymentClient, messaging: MessagingHealth) => [
            readinessOfDatabase(dataSource),
            messagingReadiness(messaging),
            // Information only: with payment away book still answers, fast, with 503.
            { name: 'payment', critical: false, check: async () => paymentClient.state },
          ],
        }),
      ],
      controllers: [
        CatalogHttpController,
        BookSeatsHttpController,
        FindBookingsHttpController,
        CancelBookingHttpController,
        MarkTicketPrintedHttpController,
        HoldSeatsHttpController,
        ReleaseHoldHttpController,
        FindHoldsHttpController,
      ],
      providers: [
        BookingRepository,
        HoldRepository,
        SeatTaker,
        BookingRequestReader,
        BookingSettlement,
        HoldSeatsService,
        ReleaseHoldService,
        ExpireHoldsService,
        { provide: HOLD_SETTINGS, useValue: config.holds },
        IdempotencyRepository,
        IdempotentRequests,
        { provide: IDEMPOTENCY_SETTINGS, useValue: { ttlMs: config.idempotencyTtlMs, sweepIntervalMs: config.holds.sweepIntervalMs } },
        ResolveUnknownPaymentService,
        { provide: UNKNOWN_RESOLVE_MS, useValue: config.unknownResolveMs },
        CatalogService,
        BookSeatsService,
        CancelBookingService,
        MarkTicketPrintedService,
        VoidPayments,
        SettlePendingService,
        {
          provide: SETTLE_SETTINGS,
          useValue: { pendingStaleMs: config.pendingStaleMs, reconcileIntervalMs: config.reconcileIntervalMs },
        },
      ],
    };
  }
}
