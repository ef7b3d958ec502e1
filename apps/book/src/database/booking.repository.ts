import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingStatus } from '@movie/contracts';
import { rows } from '@movie/persistence';
import { Booking } from '../domain/booking';
import { BookingOrm } from './booking.orm-entity';
import { seatRows } from './seat-rows';

const toOrm = (booking: Booking): BookingOrm => {
  const { seats, ...rest } = booking.snapshot();
  return { ...rest, seats: seats.join(',') };
};

export const toBooking = (row: BookingOrm): Booking =>
  Booking.restore({ ...row, status: row.status as BookingStatus, voidPending: Boolean(row.voidPending), seats: row.seats.split(',') });

/** Bookings and their seats, always in the caller's transaction. */
@Injectable()
export class BookingRepository {
  /** Inserts a new booking with its seats; a seat someone else holds fails the whole insert. */
  async insertWithSeats(manager: EntityManager, booking: Booking): Promise<void> {
    const row = toOrm(booking);
    await rows.insert(manager, BookingOrm, row);
    await seatRows.take(manager, row.screeningId, booking.seats, { bookingId: row.id });
  }

  /** Inserts a new booking that pays for a hold's seats; false if the hold's seats are gone. */
  async insertForHold(manager: EntityManager, booking: Booking, holdId: string, expiresAt: string, now = new Date()): Promise<boolean> {
    await rows.insert(manager, BookingOrm, toOrm(booking));
    return (await seatRows.claimHold(manager, holdId, booking.id, expiresAt, now)) === booking.seats.length;
  }

  async find(manager: EntityManager, id: string): Promise<Booking | null> {
    const row = await rows.findOne(manager, BookingOrm, { id });
    return row ? toBooking(row) : null;
  }

  /**
   * The booking, locked until the caller's transaction ends (on MariaDB), for a change decided on
   * its state: a second request for the same change (two cancels, two prints) waits, then sees it
   * made and answers as a repeat, where a plain read had it lose the conditional update and answer 409.
   */
  async findForChange(manager: EntityManager, id: string): Promise<Booking | null> {
    const row = await rows.findOne(manager, BookingOrm, { id }, { forUpdate: true });
    return row ? toBooking(row) : null;
  }

  /**
   * Saves a transition only if the row is still in the state it was read in. Two requests
   * racing on one booking (print against cancel) both read BOOKED; exactly one of these
   * updates matches. Returns false to the loser.
   */
  async saveIf(manager: EntityManager, booking: Booking, expected: BookingStatus): Promise<boolean> {
    const { id, ...changes } = toOrm(booking);
    return (await rows.update(manager, BookingOrm, { id, status: expected }, changes)) === 1;
  }

  /** The booking stands: its seats are sold, and the hold it came from (if any) is booked. */
  async sellSeats(manager: EntityManager, bookingId: string): Promise<void> {
    await seatRows.sell(manager, bookingId);
  }

  /** Frees the booking's seats; those from a hold still live go back to it. */
  async releaseSeats(manager: EntityManager, bookingId: string, now = new Date()): Promise<void> {
    await seatRows.release(manager, bookingId, now);
  }

  async takenSeats(manager: EntityManager, screeningId: string, seats?: readonly string[], now = new Date()): Promise<string[]> {
    return seatRows.taken(manager, screeningId, now, seats);
  }

  async findByCustomer(manager: EntityManager, customerId: string, limit: number): Promise<Booking[]> {
    const rows = await manager.find(BookingOrm, { where: { customerId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map(toBooking);
  }

  /** Bookings a crash or a lost payment answer may have left unsettled. */
  async findUnsettled(manager: EntityManager, createdBefore: string, limit: number): Promise<Booking[]> {
    const rows = await manager
      .createQueryBuilder(BookingOrm, 'b')
      .where('(b.status = :pending AND b.createdAt < :before) OR b.voidPending = :yes', {
        pending: BookingStatus.PENDING,
        before: createdBefore,
        yes: true,
      })
      .orderBy('b.createdAt', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(toBooking);
  }
}
