import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { IdempotencyInProgress } from './idempotency.errors';
import { IdempotencyKeyOrm } from './idempotency-key.orm-entity';
import { StoredAnswer } from './stored-answer';

export interface KeyOf {
  customerId: string;
  idempotencyKey: string;
}

/** A key as one request holds it: `claimedAt` tells this request's claim from a later one that took the key over. */
export interface Claimed extends KeyOf {
  claimedAt: string;
}

/** The row of exactly this claim: its key and the time it was claimed. */
const rowOf = ({ claimedAt, ...key }: Claimed) => ({ ...key, createdAt: claimedAt });

@Injectable()
export class IdempotencyRepository {
  /** Claims the key for a first request; a unique violation means someone used it already. */
  async claim(manager: EntityManager, key: KeyOf, requestHash: string, now: Date): Promise<void> {
    await manager.insert(IdempotencyKeyOrm, { ...key, requestHash, statusCode: null, responseBody: null, bookingId: null, createdAt: now.toISOString() });
  }

  find(manager: EntityManager, key: KeyOf): Promise<IdempotencyKeyOrm | null> {
    return manager.findOneBy(IdempotencyKeyOrm, { ...key });
  }

  /**
   * Ties the booking to the claim, in the booking's transaction. Throws if the claim was taken
   * over meanwhile, which rolls the booking back: a key never makes two bookings.
   */
  async linkBooking(manager: EntityManager, claim: Claimed, bookingId: string): Promise<void> {
    const result = await manager.update(IdempotencyKeyOrm, { ...rowOf(claim), bookingId: IsNull() }, { bookingId });
    if (result.affected !== 1) throw new IdempotencyInProgress();
  }

  /** Makes a claim nobody answered for (its request died) this request's; false if another request did first. */
  async takeOver(manager: EntityManager, stale: Claimed, now: Date): Promise<boolean> {
    const result = await manager.update(
      IdempotencyKeyOrm,
      { ...rowOf(stale), statusCode: IsNull(), bookingId: IsNull() },
      { createdAt: now.toISOString() },
    );
    return result.affected === 1;
  }

  /**
   * Stores the claim's answer unless one is stored already: false then. The request and a retry
   * that read its booking's outcome can both answer; the first to store is the key's answer.
   */
  async store(manager: EntityManager, claim: Claimed, answer: StoredAnswer): Promise<boolean> {
    const result = await manager.update(IdempotencyKeyOrm, { ...rowOf(claim), statusCode: IsNull() }, {
      statusCode: answer.statusCode,
      responseBody: JSON.stringify({ body: answer.body, retryAfterSeconds: answer.retryAfterSeconds }),
    });
    return result.affected === 1;
  }

  /** The answer stored for this very claim; undefined while there is none, or the key was freed or taken over. */
  async answerOf(manager: EntityManager, claim: Claimed): Promise<StoredAnswer | undefined> {
    const row = await manager.findOneBy(IdempotencyKeyOrm, rowOf(claim));
    return row ? storedAnswerOf(row) : undefined;
  }

  /** Frees the key of a request that failed in a way worth retrying (nothing was decided), unless it was answered meanwhile. */
  async forget(manager: EntityManager, claim: Claimed): Promise<void> {
    await manager.delete(IdempotencyKeyOrm, { ...rowOf(claim), statusCode: IsNull() });
  }

  /** Frees the key unless a booking was linked to it, whose outcome a retry must get instead. */
  async forgetUnlinked(manager: EntityManager, claim: Claimed): Promise<void> {
    await manager.delete(IdempotencyKeyOrm, { ...rowOf(claim), statusCode: IsNull(), bookingId: IsNull() });
  }

  async deleteCreatedBefore(manager: EntityManager, before: Date): Promise<number> {
    const result = await manager.createQueryBuilder().delete().from(IdempotencyKeyOrm).where('createdAt < :before', { before: before.toISOString() }).execute();
    return result.affected ?? 0;
  }
}

/** The answer a key's row holds; undefined while it holds none. */
export function storedAnswerOf(row: IdempotencyKeyOrm): StoredAnswer | undefined {
  if (row.statusCode === null) return undefined;
  return { statusCode: row.statusCode, ...(JSON.parse(row.responseBody ?? '{}') as Omit<StoredAnswer, 'statusCode'>) };
}
