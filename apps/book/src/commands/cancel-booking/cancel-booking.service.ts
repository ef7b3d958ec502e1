import { Injectable } from '@nestjs/common';
import { BookingStatus, BookingView, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../../database/booking.repository';
import { BookingNotFound, BookingStateConflict } from '../../domain/book.errors';
import { bookingCancelled } from '../../domain/booking.events';
import { toBookingView } from '../../queries/booking.view';

/**
 * Cancels a booking whose ticket is not printed yet. The seats are free at once; payment
 * refunds and ticket voids the ticket when BookingCancelled reaches them.
 */
@Injectable()
export class CancelBookingService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
    private readonly outbox: Outbox,
  ) {}

  async cancel(bookingId: string, caller?: string): Promise<BookingView> {
    const view = await this.transactions.run(async (manager) => {
      const booking = await this.bookings.findForChange(manager, bookingId);
      // Another customer's booking is reported as unknown, so ids cannot be probed.
      if (!booking || (caller && booking.customerId !== caller)) throw new BookingNotFound(bookingId);
      if (booking.status === BookingStatus.CANCELLED) return { view: toBookingView(booking), changed: false };
      booking.cancel();
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.BOOKED))) {
        throw new BookingStateConflict('BOOKING_STATE_CONFLICT', `booking ${bookingId} changed while cancelling (its ticket was printed); nothing was cancelled`);
      }
      await this.bookings.releaseSeats(manager, bookingId);
      await this.outbox.append(manager, Topics.booking, bookingCancelled(booking));
      return { view: toBookingView(booking), changed: true };
    });
    if (view.changed) this.outbox.notifyCommitted();
    return view.view;
  }
}
