import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Booking } from '../../domain/booking';
import { PaymentClient } from '../../payment/payment.client';
import { BookingSettlement } from '../settle-pending/booking-settlement';
import { VoidPayments } from '../settle-pending/void-payments';

export const UNKNOWN_RESOLVE_MS = Symbol('UNKNOWN_RESOLVE_MS');

/**
 * A charge whose answer was lost (payment timed out) is neither paid nor failed: the booking
 * stays pending with its seats while this asks payment, with a short backoff, what became of it.
 * Approved means booked; no answer within the bound means release and void (a charge that
 * happened is refunded, a late one is refused). If the void fails, the released booking keeps
 * its void owed and the reconciler makes it.
 */
@Injectable()
export class ResolveUnknownPaymentService implements OnApplicationShutdown {
  private readonly logger = new Logger(ResolveUnknownPaymentService.name);
  private readonly watching = new Map<string, Promise<void>>();
  private closing = false;

  constructor(
    private readonly payments: PaymentClient,
    private readonly settlement: BookingSettlement,
    private readonly voids: VoidPayments,
    @Inject(UNKNOWN_RESOLVE_MS) private readonly resolveMs: number,
  ) {}

  isWatching(bookingId: string): boolean {
    return this.watching.has(bookingId);
  }

  watch(booking: Booking): void {
    const resolving = this.resolve(booking)
      .catch((error: Error) => this.logger.warn(`booking ${booking.id} stays pending for the reconciler: ${error.message}`))
      .finally(() => this.watching.delete(booking.id));
    this.watching.set(booking.id, resolving);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.watching.values()]);
  }

  private async resolve(booking: Booking): Promise<void> {
    const deadline = Date.now() + this.resolveMs;
    for (let delay = 100; Date.now() < deadline && !this.closing; delay = Math.min(delay * 2, 1000)) {
      await sleep(Math.max(0, Math.min(delay, deadline - Date.now())));
      const payment = await this.payments.find(booking.id).catch(() => undefined);
      if (payment?.status === 'APPROVED') {
        await this.settlement.confirm(booking, payment.paymentId);
        this.logger.log(`booking ${booking.id}: payment had approved it after all; booked`);
        return;
      }
    }
    if (this.closing) return;
    // Release first, as the reconciler does: a replica's reconciler may have booked it meanwhile.
    if (!(await this.settlement.release(booking, true))) return;
    await this.voids.now(booking.id, 'payment outcome unknown');
    this.logger.log(`booking ${booking.id}: no payment within ${this.resolveMs} ms; released and its payment voided`);
  }
}
