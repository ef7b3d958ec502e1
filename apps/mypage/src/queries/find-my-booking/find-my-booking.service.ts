import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingHistoryOrm } from '../../database/booking-history.orm-entity';
import { MyBookingOrm } from '../../database/my-booking.orm-entity';
import { MyBookingNotFound } from '../../domain/mypage.errors';
import { MyBookingDetailView, toHistoryEntryView, toMyBookingView } from '../my-booking.view';

@Injectable()
export class FindMyBookingService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One booking with its history; another customer's booking is reported as unknown, not forbidden.
   * Both are read in one transaction, so from one snapshot: read apart, an event committed between
   * the two reads showed in the history but not yet in the booking's state.
   */
  find(bookingId: string, caller?: string): Promise<MyBookingDetailView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneBy(MyBookingOrm, { bookingId });
      if (!row || (caller && row.customerId !== caller)) throw new MyBookingNotFound(bookingId);
      const history = await manager.find(BookingHistoryOrm, {
        where: { bookingId },
        order: { occurredAt: 'ASC', eventId: 'ASC' },
      });
      return { ...toMyBookingView(row), history: history.map(toHistoryEntryView) };
    });
  }
}
