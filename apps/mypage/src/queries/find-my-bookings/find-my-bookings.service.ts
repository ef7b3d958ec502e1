import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@movie/persistence';
import { MyBookingOrm } from '../../database/my-booking.orm-entity';
import { MyBookingPageView, toMyBookingView } from '../my-booking.view';

export interface FindMyBookings {
  customerId: string;
  limit: number;
  offset: number;
}

@Injectable()
export class FindMyBookingsService {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Newest first; the booking id breaks ties so pages never overlap or skip. */
  async find({ customerId, limit, offset }: FindMyBookings): Promise<MyBookingPageView> {
    const [rows, total] = await this.transactions.runStatement((manager) =>
      manager.findAndCount(MyBookingOrm, {
        where: { customerId },
        order: { createdAt: 'DESC', bookingId: 'DESC' },
        take: limit,
        skip: offset,
      }),
    );
    return { items: rows.map(toMyBookingView), total, limit, offset };
  }
}
