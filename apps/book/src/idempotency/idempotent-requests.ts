import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, UnprocessableEntityException } from '@nestjs/common';
import { isUniqueViolation, TransactionRunner } from '@movie/persistence';
import { isDomainError, PeriodicPass, reasonPhrase, statusOfKind } from '@movie/runtime';
import { IdempotencyInProgress, InvalidIdempotencyKey } from './idempotency.errors';
import { Claimed, IdempotencyRepository, KeyOf, storedAnswerOf } from './idempotency.repository';
import { IdempotencyClaim, StoredAnswer } from './stored-answer';

export const IDEMPOTENCY_SETTINGS = Symbol('IDEMPOTENCY_SETTINGS');
export interface IdempotencySettings {
  ttlMs: number;
  sweepIntervalMs: number;
}

export interface IdempotentRequest {
  key: string | undefined;
  customerId: string;
  /** Method and path, e.g. "DELETE /books/<id>": a key is for one operation. */
  operation: string;
  body: unknown;
  /** The answer a request that made this booking ends with, once it is known; undefined while payment is unknown. */
  answerForBooking?: (bookingId: string) => Promise<StoredAnswer | undefined>;
}

/** How long a duplicate waits for the first request's answer before answering 409 IN_PROGRESS. */
const DUPLICATE_WAIT_MS = 3000;
/**
 * A claim with neither an answer nor a booking this old was left by a request that died (book
 * killed between claiming the key and taking the seats, which takes milliseconds): a retry takes it over.
 */
const ABANDONED_CLAIM_MS = 30_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key for book's writes. The first request claims the key (the primary key decides
 * between concurrent duplicates) and its answer is stored; a retry with the same body gets the
 * same status and body, with another body 422. A 5xx is not stored, so the retry runs again,
 * except when the request left a booking waiting for payment's answer: then the retry gets
 * that booking's outcome once it is known. A claim left by a request that died before it took
 * any seats (no answer, no booking, 30 s old) is taken over by the next retry.
 */
@Injectable()
export class IdempotentRequests implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotentRequests.name);
  private readonly sweeper = new PeriodicPass(
    'sweeping old idempotency keys',
    (now) => this.transactions.runStatement((manager) => this.keys.deleteCreatedBefore(manager, new Date(now.getTime() - this.settings.ttlMs))),
    this.logger,
  );

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly transactions: TransactionRunner,
    @Inject(IDEMPOTENCY_SETTINGS) private readonly settings: IdempotencySettings,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper.start(this.settings.sweepIntervalMs);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }

  /** Deletes keys older than the TTL; returns how many. */
  sweep(now = new Date()): Promise<number> {
    return this.sweeper.run(now);
  }

  /** Runs work once per key; without a key it just runs it. Fresh answers come back as work's result. */
  async run<T>(request: IdempotentRequest, successStatus: number, work: (claim?: IdempotencyClaim) => Promise<T>): Promise<StoredAnswer> {
    if (request.key === undefined) return { statusCode: successStatus, body: await work() };
    if (!KEY_PATTERN.test(request.key)) throw new InvalidIdempotencyKey();
    const key: KeyOf = { customerId: request.customerId, idempotencyKey: request.key };
    const hash = createHash('sha256').update(JSON.stringify([request.operation, request.body])).digest('hex');
    const now = new Date();
    try {
      await this.transactions.run((manager) => this.keys.claim(manager, key, hash, now));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.replay(key, hash, request, successStatus, work);
    }
    return this.first({ ...key, claimedAt: now.toISOString() }, successStatus, work);
  }

  private async first<T>(key: Claimed, successStatus: number, work: (claim?: IdempotencyClaim) => Promise<T>): Promise<StoredAnswer> {
    const claim: IdempotencyClaim = { linkBooking: (manager, bookingId) => this.keys.linkBooking(manager, key, bookingId) };
    try {
      const answer = { statusCode: successStatus, body: await work(claim) };
      return (await this.keep(key, answer)) ?? answer;
    } catch (error) {
      const status = isDomainError(error) ? statusOfKind[error.kind] : 500;
      // A retry that found this request's booking settled may have answered for the key first.
      let storedFirst: StoredAnswer | undefined;
      if (status < 500) {
        const { code, message } = error as { code: string; message: string };
        storedFirst = await this.keep(key, { statusCode: status, body: { statusCode: status, error: reasonPhrase(status), code, message } });
      } else if (!isOutcomeUnknown(error)) {
        // A 5xx of the domain decided nothing (or undid it): a retry with this key runs again. An
        // unexpected failure may come after the booking was linked and charged: then the key stays,
        // and a retry answers with that booking rather than book again into its own seats.
        const domain = isDomainError(error);
        storedFirst = await this.transactions
          .run(async (manager) => {
            await (domain ? this.keys.forget(manager, key) : this.keys.forgetUnlinked(manager, key));
            return this.keys.answerOf(manager, key);
          })
          .catch(() => undefined);
      }
      if (storedFirst) return storedFirst;
      throw error;
    }
  }

  private async replay<T>(
    key: KeyOf,
    hash: string,
    request: IdempotentRequest,
    successStatus: number,
    work: (claim?: IdempotencyClaim) => Promise<T>,
  ): Promise<StoredAnswer> {
    const deadline = Date.now() + DUPLICATE_WAIT_MS;
    for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
      const row = await this.transactions.run((manager) => this.keys.find(manager, key));
      // The first request failed without deciding anything and freed the key: this one runs.
      if (!row) return this.run(request, successStatus, work);
      if (row.requestHash !== hash) {
        throw new UnprocessableEntityException({
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'this Idempotency-Key was already used for a different request; use a new key for a new request',
        });
      }
      const stored = storedAnswerOf(row);
      if (stored) return stored;
      const claimed: Claimed = { ...key, claimedAt: row.createdAt };
      if (row.bookingId && request.answerForBooking) {
        const answer = await request.answerForBooking(row.bookingId);
        if (answer) return (await this.keep(claimed, answer)) ?? answer;
      }
      if (!row.bookingId && Date.now() - Date.parse(row.createdAt) > ABANDONED_CLAIM_MS) {
        const now = new Date();
        if (await this.transactions.run((manager) => this.keys.takeOver(manager, claimed, now))) {
          this.logger.warn(`took over Idempotency-Key claim of ${row.createdAt} that nobody answered; running the request again`);
          return this.first({ ...key, claimedAt: now.toISOString() }, successStatus, work);
        }
        continue; // another retry took it over first: wait for its answer
      }
      if (Date.now() + delay > deadline) {
        if (row.bookingId && request.answerForBooking) return { statusCode: 503, ...pendingAnswer() };
        throw new IdempotencyInProgress();
      }
      await sleep(delay);
    }
  }

  /**
   * Stores the answer as the key's; if another was stored first (a retry that read the booking's
   * outcome while this request was settling it), returns that one, which this request answers too:
   * a key has one answer.
   */
  private async keep(key: Claimed, answer: StoredAnswer): Promise<StoredAnswer | undefined> {
    return this.transactions.run(async (manager) => ((await this.keys.store(manager, key, answer)) ? undefined : this.keys.answerOf(manager, key)));
  }
}

const isOutcomeUnknown = (error: unknown) => isDomainError(error) && error.code === 'PAYMENT_OUTCOME_UNKNOWN';

function pendingAnswer(): { body: unknown; retryAfterSeconds: number } {
  const message = "payment has not answered yet; the seats stay held until it does, retry with the same Idempotency-Key for the outcome";
  return { body: { statusCode: 503, error: reasonPhrase(503), code: 'PAYMENT_OUTCOME_UNKNOWN', message }, retryAfterSeconds: 2 };
}
