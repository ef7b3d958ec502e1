import { Injectable } from '@nestjs/common';
import { BookingStatus, BookingView, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../../database/booking.repository';
import { BookingNotFound, BookingStateConflict } from '../../domain/book.errors';
import { bookingTicketPrinted } from '../../domain/booking.events';
import { toBookingView } from '../../queries/booking.view';

/**
 * Ticket asks here before it prints: book owns the booking's state, and its conditional
 * update decides a race between printing and cancelling. Exactly one of them wins. The change
 * goes out as BookingTicketPrinted in the same transaction, as every change of a booking does,
 * so that ticket completes a print it could not finish (it failed or stopped after this answer).
 */
@Injectable()
export class MarkTicketPrintedService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
    private readonly outbox: Outbox,
  ) {}

  async mark(bookingId: string): Promise<BookingView> {
    const { view, changed } = await this.transactions.run(async (manager) => {
      const booking = await this.bookings.findForChange(manager, bookingId);
      if (!booking) throw new BookingNotFound(bookingId);
      if (booking.status === BookingStatus.TICKET_PRINTED) return { view: toBookingView(booking), changed: false };
      booking.markTicketPrinted();
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.BOOKED))) {
        throw new BookingStateConflict('BOOKING_CANCELLED', `booking ${bookingId} was cancelled meanwhile; its ticket cannot be printed`);
      }
      await this.outbox.append(manager, Topics.booking, bookingTicketPrinted(booking));
      return { view: toBookingView(booking), changed: true };
    });
    if (changed) this.outbox.notifyCommitted();
    return view;
  }
}
