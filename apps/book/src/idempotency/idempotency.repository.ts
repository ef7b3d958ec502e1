import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IdempotencyKeyOrm } from './idempotency-key.orm-entity';
import { StoredAnswer } from './stored-answer';

export interface KeyOf {
  customerId: string;
  idempotencyKey: string;
}

@Injectable()
export class IdempotencyRepository {
  /** Claims the key for a first request; a unique violation means someone used it already. */
  async claim(manager: EntityManager, key: KeyOf, requestHash: string, now: Date): Promise<void> {
    await manager.insert(IdempotencyKeyOrm, { ...key, requestHash, statusCode: null, responseBody: null, bookingId: null, createdAt: now.toISOString() });
  }

  find(manager: EntityManager, key: KeyOf): Promise<IdempotencyKeyOrm | null> {
    return manager.findOneBy(IdempotencyKeyOrm, { ...key });
  }

  async linkBooking(manager: EntityManager, key: KeyOf, bookingId: string): Promise<void> {
    await manager.update(IdempotencyKeyOrm, { ...key }, { bookingId });
  }

  async store(manager: EntityManager, key: KeyOf, answer: StoredAnswer): Promise<void> {
    await manager.update(IdempotencyKeyOrm, { ...key }, {
      statusCode: answer.statusCode,
      responseBody: JSON.stringify({ body: answer.body, retryAfterSeconds: answer.retryAfterSeconds }),
    });
  }

  /** Frees the key of a request that failed in a way worth retrying (nothing was decided). */
  async forget(manager: EntityManager, key: KeyOf): Promise<void> {
    await manager.delete(IdempotencyKeyOrm, { ...key });
  }

  async deleteCreatedBefore(manager: EntityManager, before: Date): Promise<number> {
    const result = await manager.createQueryBuilder().delete().from(IdempotencyKeyOrm).where('createdAt < :before', { before: before.toISOString() }).execute();
    return result.affected ?? 0;
  }
}
