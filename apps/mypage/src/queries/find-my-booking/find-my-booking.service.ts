import { Injectable } from '@nestjs/common';
import { rows, TransactionRunner } from '@movie/persistence';
import { BookingHistoryOrm } from '../../database/booking-history.orm-entity';
import { MyBookingOrm } from '../../database/my-booking.orm-entity';
import { MyBookingNotFound } from '../../domain/mypage.errors';
import { MyBookingDetailView, toHistoryEntryView, toMyBookingView } from '../my-booking.view';

@Injectable()
export class FindMyBookingService {
  constructor(private readonly transactions: TransactionRunner) {}

  /**
   * One booking with its history; another customer's booking is reported as unknown, not forbidden.
   * Both come from one statement, so from one snapshot: read apart, an event committed between the
   * two reads showed in the history but not yet in the booking's state.
   */
  async find(bookingId: string, caller?: string): Promise<MyBookingDetailView> {
    const found = await this.transactions.runStatement((manager) =>
      rows.findOneWithMany(manager, MyBookingOrm, { bookingId }, BookingHistoryOrm, {
        on: 'bookingId', key: 'bookingId', orderBy: ['occurredAt', 'eventId'],
      }),
    );
    if (!found || (caller && found.row.customerId !== caller)) throw new MyBookingNotFound(bookingId);
    return { ...toMyBookingView(found.row), history: found.children.map(toHistoryEntryView) };
  }
}
