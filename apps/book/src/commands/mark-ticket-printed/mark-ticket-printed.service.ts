import { Injectable } from '@nestjs/common';
import { BookingStatus, BookingView } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../../database/booking.repository';
import { BookingNotFound, BookingStateConflict } from '../../domain/book.errors';
import { toBookingView } from '../../queries/booking.view';

/**
 * Ticket asks here before it prints: book owns the booking's state, and its conditional
 * update decides a race between printing and cancelling. Exactly one of them wins.
 */
@Injectable()
export class MarkTicketPrintedService {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  mark(bookingId: string): Promise<BookingView> {
    return this.transactions.run(async (manager) => {
      const booking = await this.bookings.find(manager, bookingId);
      if (!booking) throw new BookingNotFound(bookingId);
      if (booking.status === BookingStatus.TICKET_PRINTED) return toBookingView(booking);
      booking.markTicketPrinted();
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.BOOKED))) {
        throw new BookingStateConflict('BOOKING_CANCELLED', `booking ${bookingId} was cancelled meanwhile; its ticket cannot be printed`);
      }
      return toBookingView(booking);
    });
  }
}
