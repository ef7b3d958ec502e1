import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../../database/booking.repository';
import { PaymentClient } from '../../payment/payment.client';

/**
 * Voids payments of bookings that did not stand. A void refunds a charge payment made
 * after book gave up, or leaves a tombstone so a charge still in flight is refused.
 * Failures are left to the reconciler, which retries every booking marked voidPending.
 */
@Injectable()
export class VoidPayments {
  private readonly logger = new Logger(VoidPayments.name);
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly payments: PaymentClient,
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Starts a void without making the caller wait for it. */
  soon(bookingId: string, reason: string): void {
    const attempt = this.now(bookingId, reason).catch((error: Error) =>
      this.logger.warn(`void of booking ${bookingId} failed, the reconciler retries it: ${error.message}`),
    );
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
  }

  async now(bookingId: string, reason: string): Promise<void> {
    const outcome = await this.payments.void(bookingId, reason);
    await this.transactions.run(async (manager) => {
      const booking = await this.bookings.find(manager, bookingId);
      if (!booking) return;
      booking.voided();
      await this.bookings.saveIf(manager, booking, booking.status);
    });
    this.logger.log(`payment of booking ${bookingId} ${outcome} (${reason})`);
  }

  /** Lets shutdown wait for voids already started. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}
