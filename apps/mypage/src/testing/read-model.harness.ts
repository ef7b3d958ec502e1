import { DataSource } from 'typeorm';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { BookingHistoryRepository } from '../database/booking-history.repository';
import { BookingHistoryOrm } from '../database/booking-history.orm-entity';
import { MyBookingOrm } from '../database/my-booking.orm-entity';
import { MyBookingRepository } from '../database/my-booking.repository';
import { mypageEntities } from '../database/mypage.entities';
import { MyBookingProjection } from '../projection/my-booking.projection';
import { MypageEventHandlers } from '../projection/mypage-event-handlers';
import { applyEvents } from './apply-events';
import { StoredEvent } from './booking-story';

/** My page's projection over a database (in-memory SQLite unless told), without Nest or a broker. */
export class ReadModelHarness {
  readonly bookings = new MyBookingRepository();
  readonly history = new BookingHistoryRepository();
  readonly handlers = new MypageEventHandlers(new MyBookingProjection(this.bookings, this.history));

  private constructor(
    readonly dataSource: DataSource,
    readonly transactions: TransactionRunner,
  ) {}

  static async open(url = 'sqlite::memory:'): Promise<ReadModelHarness> {
    const dataSource = await openDataSource({ url, entities: mypageEntities });
    return new ReadModelHarness(dataSource, new TransactionRunner(dataSource));
  }

  apply(events: StoredEvent[]): Promise<void> {
    return applyEvents(this.transactions, this.handlers, events);
  }

  async clear(): Promise<void> {
    await this.transactions.run(async (manager) => {
      await this.bookings.clear(manager);
      await this.history.clear(manager);
    });
  }

  /** Every row of the read model in a stable order, for comparing two builds of it. */
  async snapshot(): Promise<{ bookings: MyBookingOrm[]; history: BookingHistoryOrm[] }> {
    const manager = this.dataSource.manager;
    return {
      bookings: await manager.find(MyBookingOrm, { order: { bookingId: 'ASC' } }),
      history: await manager.find(BookingHistoryOrm, { order: { bookingId: 'ASC', occurredAt: 'ASC', eventId: 'ASC' } }),
    };
  }

  booking(bookingId: string): Promise<MyBookingOrm | null> {
    return this.dataSource.manager.findOneBy(MyBookingOrm, { bookingId });
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }
}
