import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { OneAtATime } from '@movie/runtime/scheduling/one-at-a-time';
import type { Query } from './rows';
import { transactOnMysql } from './mysql-statement';
import { transactOnSqlite } from './sqlite-statement';

type LockedWork<T> = (connection?: QueryRunner) => Promise<T>;

/** Another process holds the lock `exclusively` asked for, and kept it for as long as the caller would wait. */
export class LockNotFree extends Error {
  constructor(readonly lock: string, waitSeconds: number) {
    super(`the lock ${lock} was not free within ${waitSeconds} s`);
  }
}

/**
 * Runs work in one database transaction. SQLite has a single connection per process,
 * so its transactions are queued here instead of failing with "cannot start a
 * transaction within a transaction"; MariaDB uses its pool.
 */
export class TransactionRunner {
  private readonly queue = new OneAtATime();

  constructor(readonly dataSource: DataSource) {}

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isSqlite) return transactOnMysql(this.dataSource, work) ?? this.dataSource.transaction(work);
    return this.queue.run(() => transactOnSqlite(this.dataSource, work) ?? this.dataSource.transaction(work));
  }

  /**
   * Work run without BEGIN and COMMIT: one statement, atomic by itself, or reads. MariaDB runs it on a
   * pooled connection, one round trip instead of three (the outbox relay's polls were most of a
   * platform's transactions). SQLite queues it with the transactions, because a bare statement
   * there runs inside whichever transaction holds the one connection, and a read sees its rows before
   * they are committed or rolled back; when its turn comes none does, so a write commits by itself,
   * without the BEGIN and COMMIT of a TypeORM transaction (about 5 µs of CPU a call,
   * docs/performance-journal.md). Never call it from inside `run`'s work on SQLite: it would wait for itself.
   */
  runStatement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.isSqlite ? this.queue.run(() => work(this.dataSource.manager)) : work(this.dataSource.manager);
  }

  /**
   * Runs `work` holding the lock `name` of this database, which every process using it sees
   * (MariaDB's GET_LOCK, on a connection of its own), so that one process at a time does it; the
   * server frees the lock if the process dies. Waits up to `waitSeconds` for it, then fails.
   * On MariaDB `work` is given the lock's connection, for work that must not wait on the pool.
   *
   * With `onlyIfAny`, a query, the lock is asked for only when that query finds a row, in the
   * same round trip; otherwise `work` does not run and the answer is undefined. On SQLite, whose
   * file one process holds, there is no lock: `onlyIfAny` is asked, then `work` runs.
   */
  exclusively<T>(name: string, work: LockedWork<T>, options?: { waitSeconds?: number }): Promise<T>;
  exclusively<T>(name: string, work: LockedWork<T>, options: { waitSeconds?: number; onlyIfAny: Query }): Promise<T | undefined>;
  async exclusively<T>(name: string, work: LockedWork<T>, options: { waitSeconds?: number; onlyIfAny?: Query } = {}): Promise<T | undefined> {
    const { waitSeconds = 10, onlyIfAny } = options;
    if (this.isSqlite) {
      if (onlyIfAny && (await this.runStatement((manager) => manager.query(onlyIfAny.sql, onlyIfAny.params) as Promise<unknown[]>)).length === 0) {
        return undefined;
      }
      return work();
    }
    // GET_LOCK's names are server-wide; the database's name keeps two apps' locks apart.
    const lock = `${this.dataSource.driver.database}.${name}`;
    const connection = this.dataSource.createQueryRunner();
    try {
      const ask = onlyIfAny ? `SELECT GET_LOCK(?, ?) AS taken FROM DUAL WHERE EXISTS (${onlyIfAny.sql})` : 'SELECT GET_LOCK(?, ?) AS taken';
      const answer = (await connection.query(ask, [lock, waitSeconds, ...(onlyIfAny?.params ?? [])])) as { taken: unknown }[];
      if (answer.length === 0) return undefined;
      if (Number(answer[0].taken) !== 1) throw new LockNotFree(name, waitSeconds);
      try {
        return await work(connection);
      } finally {
        await connection.query('SELECT RELEASE_LOCK(?)', [lock]);
      }
    } finally {
      await connection.release();
    }
  }
}
