import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '@movie/persistence';
import { MyBooking } from '../domain/my-booking';
import { MyBookingMapper } from './my-booking.mapper';
import { MyBookingOrm } from './my-booking.orm-entity';

/** The projection's access to booking rows, always inside the caller's transaction. */
@Injectable()
export class MyBookingRepository {
  /**
   * The booking row, created empty if this is its first event, and locked until the caller's
   * transaction ends: events of one booking from different topics may be applied at the same
   * time and must not overwrite each other's facts. One statement on SQLite and MariaDB
   * (`rows.insertOrLock`); SQLite runs one transaction at a time, so there it needs no lock.
   */
  async loadForChange(manager: EntityManager, bookingId: string): Promise<MyBooking> {
    const row = await rows.insertOrLock(manager, MyBookingOrm, MyBookingMapper.toOrm(MyBooking.unknown(bookingId)));
    return MyBookingMapper.toDomain(row);
  }

  async save(manager: EntityManager, booking: MyBooking): Promise<void> {
    const { bookingId, ...changes } = MyBookingMapper.toOrm(booking);
    await rows.update(manager, MyBookingOrm, { bookingId }, changes);
  }

  count(manager: EntityManager): Promise<number> {
    return manager.count(MyBookingOrm);
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(MyBookingOrm).execute();
  }
}
