import { EntityManager } from 'typeorm';

/** What a request answered, kept to answer its retries the same. */
export interface StoredAnswer {
  statusCode: number;
  body: unknown;
  retryAfterSeconds?: number;
}

/** Lets a use case tie what it creates to the key, in its own transaction. */
export interface IdempotencyClaim {
  linkBooking(manager: EntityManager, bookingId: string): Promise<void>;
}
