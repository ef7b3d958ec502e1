import { AsyncResource } from 'node:async_hooks';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@movie/persistence';
import { AsyncValue } from '@movie/runtime';

type Work = (manager: EntityManager) => Promise<unknown>;

/** The most messages a transport hands over as one batch. */
export const MAX_BATCH = 100;

interface Slot {
  state: 'waiting' | 'work' | 'settled';
  work?: Work;
  resolve?: (value: unknown) => void;
  reject?: (error: unknown) => void;
}

const delivering = new AsyncValue<{ batch: ConsumerBatch; index: number }>('movie.consumer-batch');

/**
 * Messages a transport hands over together (a Kafka fetch, the bus's backlog) applied in one
 * transaction instead of one each. Each message is delivered as usual, through its
 * @EventPattern handler and EventConsumer; the consumer's transactional work waits in the
 * message's slot, and once every message has either given its work or finished without any
 * (ignored), all the work runs in delivery order in one transaction. A dead letter waits in
 * its slot too, and is sent only once the batch has committed (`afterCommit`).
 *
 * All or nothing: if any work fails, the transaction rolls back and every message's
 * delivery fails, so the transport delivers them again one at a time. A consumer's
 * promise resolves only after the commit, so what a handler does after it (announcing a
 * notification, waking the outbox relay) still happens only for committed work.
 */
export class ConsumerBatch {
  private readonly slots: Slot[];
  /** The database of the batch's transaction: the first consumer's. */
  private runner: TransactionRunner | undefined;

  private constructor(size: number) {
    this.slots = Array.from({ length: size }, () => ({ state: 'waiting' as const }));
  }

  /**
   * Runs each delivery in its own slot and resolves when all have; rejects with the first
   * failure, after every delivery has finished.
   */
  static async deliver(deliveries: Array<() => Promise<unknown>>): Promise<void> {
    const batch = new ConsumerBatch(deliveries.length);
    const results = await Promise.allSettled(
      deliveries.map((deliver, index) => delivering.run({ batch, index }, () => batch.settleAfter(index, deliver))),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The consumer's transaction: the batch's, when the message came in one, has not used its
   * slot yet and works on the batch's database; otherwise a transaction of its own.
   */
  static run<T>(runner: TransactionRunner, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = ConsumerBatch.waitingSlot();
    if (!current || (current.batch.runner ?? runner) !== runner) return runner.run(work);
    current.batch.runner = runner;
    // The work runs later, in the batch's transaction, but in its own message's context (its
    // trace and request id). Not AsyncResource.bind: that builds two deprecation wrappers a call.
    const scope = new AsyncResource('ConsumerBatchWork');
    return current.batch.give<T>(current.slot, (manager) => scope.runInAsyncScope(work, undefined, manager));
  }

  /**
   * Resolves once the batch the current message came in has committed, and rejects with the
   * batch's failure; at once outside a batch. For what a consumer does outside the database,
   * which must not happen for a message that will come again.
   */
  static async afterCommit(): Promise<void> {
    const current = ConsumerBatch.waitingSlot();
    if (current) await current.batch.give(current.slot, async () => undefined);
  }

  /** The current message's batch and slot, if it came in a batch and has not used its slot yet. */
  private static waitingSlot(): { batch: ConsumerBatch; slot: Slot } | undefined {
    const current = delivering.getStore();
    const slot = current?.batch.slots[current.index];
    return current && slot?.state === 'waiting' ? { batch: current.batch, slot } : undefined;
  }

  /** Puts `work` in the slot; resolves with its result once the batch has committed. */
  private give<T>(slot: Slot, work: Work): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      Object.assign(slot, { state: 'work', work, resolve, reject });
      this.startWhenReady();
    });
  }

  private async settleAfter(index: number, deliver: () => Promise<unknown>): Promise<void> {
    try {
      await deliver();
    } finally {
      const slot = this.slots[index];
      if (slot.state === 'waiting') {
        slot.state = 'settled';
        this.startWhenReady();
      }
    }
  }

  private startWhenReady(): void {
    if (this.slots.some((slot) => slot.state === 'waiting')) return;
    const works = this.slots.filter((slot) => slot.state === 'work');
    this.slots.forEach((slot) => (slot.state = 'settled'));
    if (works.length > 0) void this.commit(works);
  }

  private async commit(works: Slot[]): Promise<void> {
    // Only messages waiting for the commit, and no database work: nothing to commit.
    if (!this.runner) return works.forEach((slot) => slot.resolve!(undefined));
    try {
      const results = await this.runner.run(async (manager) => {
        const done: unknown[] = [];
        for (const slot of works) done.push(await slot.work!(manager));
        return done;
      });
      works.forEach((slot, index) => slot.resolve!(results[index]));
    } catch (error) {
      works.forEach((slot) => slot.reject!(error));
    }
  }
}
