import { Injectable } from '@nestjs/common';
import { BookingStatus, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../../database/booking.repository';
import { Booking } from '../../domain/booking';
import { bookingConfirmed } from '../../domain/booking.events';

/**
 * The two ends of a pending booking, shared by the booking request, the resolver of unknown
 * payment outcomes and the reconciler. Each is one conditional update on PENDING, so whichever
 * of them gets there first decides and the others see false.
 */
@Injectable()
export class BookingSettlement {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Payment approved: BOOKED, seats sold, BookingConfirmed in the same transaction. Selling
   * clears what ties the seats to a hold; `fromHold: false`, which only the booking request can
   * say, skips those two updates for seats that never had a hold (two round trips of its six).
   */
  async confirm(booking: Booking, paymentId: string, { fromHold = true } = {}): Promise<boolean> {
    booking.confirm(paymentId);
    const saved = await this.transactions.run(async (manager) => {
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.PENDING))) return false;
      if (fromHold) await this.bookings.sellSeats(manager, booking.id);
      await this.outbox.append(manager, Topics.booking, bookingConfirmed(booking));
      return true;
    });
    if (saved) this.outbox.notifyCommitted();
    return saved;
  }

  /** Payment did not take the money: RELEASED and the seats free (or back to their hold). */
  async release(booking: Booking, voidPending: boolean): Promise<boolean> {
    booking.release(voidPending);
    return this.transactions.run(async (manager) => {
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.PENDING))) return false;
      await this.bookings.releaseSeats(manager, booking.id);
      return true;
    });
  }
}
