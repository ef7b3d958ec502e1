import { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Work<T> = (manager: EntityManager) => Promise<T>;

interface Queued {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many queued SQLite transactions share one commit. */
const MAX_GROUP = 64;

/**
 * Runs work in one database transaction. MariaDB uses its pool. SQLite has a single
 * connection per process, so its transactions are queued here instead of failing with
 * "cannot start a transaction within a transaction"; those that queued up while one ran
 * then share one commit (group commit): each runs in a savepoint of its own, so one that
 * fails is undone alone, and each caller is answered only once the commit succeeded.
 * A commit costs more than the statements of a typical transaction here.
 */
export class TransactionRunner {
  private readonly waiting: Queued[] = [];
  private draining = false;

  constructor(readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: Work<T>): Promise<T> {
    if (!this.isSqlite) return this.dataSource.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0, MAX_GROUP);
        if (group.length === 1) await this.runAlone(group[0]);
        else await this.runTogether(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone({ work, resolve, reject }: Queued): Promise<void> {
    try {
      resolve(await this.dataSource.transaction(work));
    } catch (error) {
      reject(error);
    }
  }

  private async runTogether(group: Queued[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      await runner.startTransaction();
      for (const { work } of group) outcomes.push(await inSavepoint(runner, work));
      await runner.commitTransaction();
    } catch (failure) {
      // Nothing of the group is committed: every caller whose work had succeeded learns so.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      group.forEach((queued, index) => queued.reject(outcomes[index]?.ok === false ? outcomes[index].error : failure));
      return;
    } finally {
      await runner.release();
    }
    group.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }
}

async function inSavepoint(runner: QueryRunner, work: Work<unknown>): Promise<Outcome> {
  await runner.startTransaction();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: await work(runner.manager) };
  } catch (error) {
    await runner.rollbackTransaction();
    return { ok: false, error };
  }
  await runner.commitTransaction();
  return outcome;
}
