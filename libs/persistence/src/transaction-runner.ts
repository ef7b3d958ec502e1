import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. SQLite has a single connection per process,
 * so its transactions are queued here instead of failing with "cannot start a
 * transaction within a transaction"; MariaDB uses its pool.
 */
export class TransactionRunner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSqlite) return this.dataSource.transaction(work);
    const next = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Work of one statement, atomic by itself. MariaDB runs it on a pooled connection without
   * START TRANSACTION and COMMIT, one round trip instead of three (the outbox relay's polls
   * were most of a platform's transactions). SQLite queues it with the transactions, because
   * a bare statement there runs inside whichever transaction holds the one connection.
   */
  runStatement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.isSqlite ? this.run(work) : work(this.dataSource.manager);
  }
}
