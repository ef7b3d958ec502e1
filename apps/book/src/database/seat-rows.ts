import { EntityManager, In } from 'typeorm';
import { isUniqueViolation, rows } from '@movie/persistence';
import { SeatAlreadyTaken } from '../domain/book.errors';
import { SeatHoldOrm } from './seat-hold.orm-entity';
import { SeatReservationOrm } from './seat-reservation.orm-entity';

/** Who a seat row belongs to: a booking (sold or paying), or a hold until it expires. */
export type SeatOwner = { bookingId: string; holdId?: undefined; expiresAt?: undefined } | { holdId: string; expiresAt: string; bookingId?: undefined };

/**
 * The seat_reservation rows, the one table that decides who has a seat. Every function runs in
 * the caller's transaction.
 */
export const seatRows = {
  /**
   * Takes the seats for a booking or a hold; any seat already in a row fails the whole insert.
   * In the seats' order, so that two requests for the same seats lock their rows in one order.
   */
  async take(manager: EntityManager, screeningId: string, seats: readonly string[], owner: SeatOwner): Promise<void> {
    try {
      await rows.insert(
        manager,
        SeatReservationOrm,
        [...seats].sort().map((seat) => ({ screeningId, seat, bookingId: owner.bookingId ?? null, holdId: owner.holdId ?? null, expiresAt: owner.expiresAt ?? null })),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new SeatAlreadyTaken([...seats]);
      throw error;
    }
  },

  /** Deletes rows of holds that expired with no booking paying for them; returns how many. */
  async freeExpired(manager: EntityManager, now: Date, within?: { screeningId: string; seats: readonly string[] }): Promise<number> {
    const query = manager
      .createQueryBuilder()
      .delete()
      .from(SeatReservationOrm)
      .where('bookingId IS NULL AND expiresAt IS NOT NULL AND expiresAt <= :now', { now: now.toISOString() });
    if (within) query.andWhere('screeningId = :screeningId AND seat IN (:...seats)', { screeningId: within.screeningId, seats: [...within.seats] });
    const result = await query.execute();
    return result.affected ?? 0;
  },

  /** Hands a live hold's seats to a booking; returns how many rows moved (all or the hold is gone). */
  async claimHold(manager: EntityManager, holdId: string, bookingId: string, expiresAt: string, now: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(SeatReservationOrm)
      .set({ bookingId, expiresAt })
      .where('holdId = :holdId AND bookingId IS NULL AND expiresAt > :now', { holdId, now: now.toISOString() })
      .execute();
    return result.affected ?? 0;
  },

  /** The booking stands: its seats are sold for good, no longer part of any hold. */
  async sell(manager: EntityManager, bookingId: string): Promise<void> {
    await rows.update(manager, SeatReservationOrm, { bookingId }, { holdId: null, expiresAt: null });
    await rows.update(manager, SeatHoldOrm, { bookingId, state: 'HELD' }, { state: 'BOOKED' });
  },

  /**
   * The booking did not stand (or was cancelled). Seats it took from a hold that is still live go
   * back to the hold, so the customer can try paying again; every other seat is free.
   */
  async release(manager: EntityManager, bookingId: string, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(SeatReservationOrm)
      .set({ bookingId: null })
      .where('bookingId = :bookingId AND holdId IS NOT NULL AND expiresAt > :now', { bookingId, now: now.toISOString() })
      .execute();
    await manager.delete(SeatReservationOrm, { bookingId });
    await manager.update(SeatHoldOrm, { bookingId, state: 'HELD' }, { bookingId: null });
  },

  /** Frees the seats of a hold no booking is paying for. */
  async releaseHold(manager: EntityManager, holdId: string): Promise<void> {
    await manager.createQueryBuilder().delete().from(SeatReservationOrm).where('holdId = :holdId AND bookingId IS NULL', { holdId }).execute();
  },

  /** Seats that are sold, being paid for, or held by a hold that has not expired. */
  async taken(manager: EntityManager, screeningId: string, now: Date, seats?: readonly string[]): Promise<string[]> {
    const query = manager
      .createQueryBuilder(SeatReservationOrm, 'r')
      .select('r.seat', 'seat')
      .where('r.screeningId = :screeningId', { screeningId })
      .andWhere('(r.bookingId IS NOT NULL OR r.expiresAt IS NULL OR r.expiresAt > :now)', { now: now.toISOString() });
    if (seats) query.andWhere({ seat: In([...seats]) });
    const rows: { seat: string }[] = await query.getRawMany();
    return rows.map((row) => row.seat);
  },
};
