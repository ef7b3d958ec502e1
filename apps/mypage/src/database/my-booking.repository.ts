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
   * time and must not overwrite each other's facts. The no-op upsert takes the row's exclusive
   * lock at once on MariaDB (INSERT IGNORE would take a shared one, and two of those deadlock on
   * the way to FOR UPDATE). SQLite runs one transaction at a time, so it needs no lock and
   * inserts the row only when it is missing.
   */
  async loadForChange(manager: EntityManager, bookingId: string): Promise<MyBooking> {
    if (manager.connection.options.type === 'mysql') {
      const unknown = MyBookingMapper.toOrm(MyBooking.unknown(bookingId));
      await manager.createQueryBuilder().insert().into(MyBookingOrm).values(unknown).orUpdate(['bookingId'], ['bookingId']).execute();
      const locked = await rows.findOne(manager, MyBookingOrm, { bookingId }, { forUpdate: true });
      if (!locked) throw new Error(`my_booking ${bookingId} is missing right after its upsert`);
      return MyBookingMapper.toDomain(locked);
    }
    const found = await rows.findOne(manager, MyBookingOrm, { bookingId });
    if (found) return MyBookingMapper.toDomain(found);
    const unknown = MyBooking.unknown(bookingId);
    await rows.insert(manager, MyBookingOrm, MyBookingMapper.toOrm(unknown));
    return unknown;
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
