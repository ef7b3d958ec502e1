import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SeatHold } from '../domain/seat-hold';
import { SeatHoldOrm } from './seat-hold.orm-entity';
import { seatRows } from './seat-rows';

const toOrm = (hold: SeatHold): SeatHoldOrm => {
  const { seats, ...rest } = hold.snapshot();
  return { ...rest, seats: seats.join(',') };
};

const toHold = (row: SeatHoldOrm): SeatHold =>
  SeatHold.restore({ ...row, extended: Boolean(row.extended), state: row.state as 'HELD' | 'BOOKED' | 'RELEASED', seats: row.seats.split(',') });

/** Holds and their seat rows, always in the caller's transaction. */
@Injectable()
export class HoldRepository {
  /** Inserts a hold with its seats; a seat someone else has fails the whole insert. */
  async insertWithSeats(manager: EntityManager, hold: SeatHold): Promise<void> {
    const row = toOrm(hold);
    await manager.insert(SeatHoldOrm, row);
    await seatRows.take(manager, row.screeningId, hold.seats, { holdId: row.id, expiresAt: row.expiresAt });
  }

  async find(manager: EntityManager, id: string): Promise<SeatHold | null> {
    const row = await manager.findOneBy(SeatHoldOrm, { id });
    return row ? toHold(row) : null;
  }

  /** Saves a hold only if no other request changed its booking meanwhile. */
  async saveIf(manager: EntityManager, hold: SeatHold, expectedBookingId: string | null): Promise<boolean> {
    const { id, ...changes } = toOrm(hold);
    const result = await manager
      .createQueryBuilder()
      .update(SeatHoldOrm)
      .set(changes)
      .where(expectedBookingId === null ? 'id = :id AND bookingId IS NULL' : 'id = :id AND bookingId = :expectedBookingId', { id, expectedBookingId })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async releaseSeats(manager: EntityManager, holdId: string): Promise<void> {
    await seatRows.releaseHold(manager, holdId);
  }

  /** Frees the seats of every hold that expired; returns how many seats came free. */
  async freeExpiredSeats(manager: EntityManager, now: Date, within?: { screeningId: string; seats: readonly string[] }): Promise<number> {
    return seatRows.freeExpired(manager, now, within);
  }

  /** Forgets holds that ended long ago (booked holds live on in their booking). */
  async deleteEndedBefore(manager: EntityManager, before: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(SeatHoldOrm)
      .where('expiresAt < :before AND (bookingId IS NULL OR state <> :held)', { before: before.toISOString(), held: 'HELD' })
      .execute();
    return result.affected ?? 0;
  }
}
