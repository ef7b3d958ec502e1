import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { BookingStatus } from '@movie/contracts';
import { isUniqueViolation } from '@movie/persistence';
import { Booking } from '../domain/booking';
import { SeatAlreadyTaken } from '../domain/book.errors';
import { BookingOrm } from './booking.orm-entity';
import { SeatReservationOrm } from './seat-reservation.orm-entity';

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
    await manager.insert(BookingOrm, row);
    try {
      await manager.insert(
        SeatReservationOrm,
        booking.seats.map((seat) => ({ screeningId: row.screeningId, seat, bookingId: row.id })),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new SeatAlreadyTaken([...booking.seats]);
      throw error;
    }
  }

  async find(manager: EntityManager, id: string): Promise<Booking | null> {
    const row = await manager.findOneBy(BookingOrm, { id });
    return row ? toBooking(row) : null;
  }

  /**
   * Saves a transition only if the row is still in the state it was read in. Two requests
   * racing on one booking (print against cancel) both read BOOKED; exactly one of these
   * updates matches. Returns false to the loser.
   */
  async saveIf(manager: EntityManager, booking: Booking, expected: BookingStatus): Promise<boolean> {
    const { id, ...changes } = toOrm(booking);
    const result = await manager.update(BookingOrm, { id, status: expected }, changes);
    return (result.affected ?? 0) === 1;
  }

  async releaseSeats(manager: EntityManager, bookingId: string): Promise<void> {
    await manager.delete(SeatReservationOrm, { bookingId });
  }

  async takenSeats(manager: EntityManager, screeningId: string, seats?: readonly string[]): Promise<string[]> {
    const where = seats ? { screeningId, seat: In([...seats]) } : { screeningId };
    const rows = await manager.find(SeatReservationOrm, { where, select: { seat: true } });
    return rows.map((row) => row.seat);
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
