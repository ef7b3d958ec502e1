import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { QueryResult } from 'typeorm/query-runner/QueryResult';

interface Statement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** What TypeORM's BetterSqlite3QueryRunner keeps: its compiled statements, its transaction's state, and the database. */
interface SqliteQueryRunner extends QueryRunner {
  stmtCache: Map<string, Statement>;
  cacheSize: number;
  isTransactionActive: boolean;
  transactionDepth: number;
  driver: QueryRunner['connection']['driver'] & { databaseConnection: { prepare(sql: string): Statement; inTransaction: boolean } };
}

/**
 * Runs one statement straight on better-sqlite3, through the statement cache TypeORM's query
 * runner keeps, and answers as its query() would; undefined where that query() must run instead:
 * not SQLite, or query logging or subscribers that would miss the statement.
 *
 * Why: better-sqlite3 is synchronous, but TypeORM's query() wraps each statement in five async
 * calls (the subscribers' before and after broadcasts, the cache lookup). While AsyncLocalStorage
 * is on, as the request context and tracing keep it, every promise runs Node's promise hooks,
 * which took 16 % of the platform's instructions a booking (docs/performance-journal.md).
 */
export function runOnSqlite(manager: EntityManager, sql: string, params: unknown[]): QueryResult | undefined {
  const runner = sqliteRunner(manager);
  return runner && execute(runner, sql, params.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
}

/** One statement through the runner's cache, answered and failed as TypeORM's query() would. */
function execute(runner: SqliteQueryRunner, sql: string, values: unknown[]): QueryResult {
  try {
    const statement = cachedStatement(runner, sql);
    const result = new QueryResult();
    if (statement.reader) {
      result.records = statement.all(...values);
      result.raw = result.records;
    } else {
      const outcome = statement.run(...values);
      result.affected = outcome.changes;
      result.raw = outcome.lastInsertRowid;
    }
    return result;
  } catch (error) {
    throw new QueryFailedError(sql, values, error as Error);
  }
}

/**
 * A transaction on SQLite's one connection, begun and ended straight on better-sqlite3, as
 * TypeORM's startTransaction and commitTransaction would: the query runner is marked active at
 * depth 1, so that what the work does through TypeORM joins the transaction and a nested one
 * takes a savepoint. Without their subscriber broadcasts and query() calls, about twenty promises
 * a transaction fewer (see runOnSqlite); undefined where TypeORM's own must run.
 */
export function transactOnSqlite<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> | undefined {
  const runner = sqliteRunner(dataSource.manager);
  if (!runner || runner.isTransactionActive || dataSource.options.isolationLevel) return undefined;
  return inTransaction(runner, work);
}

async function inTransaction<T>(runner: SqliteQueryRunner, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const statement = (sql: string) => execute(runner, sql, []);
  statement('BEGIN TRANSACTION');
  runner.isTransactionActive = true;
  runner.transactionDepth = 1;
  try {
    const result = await work(runner.manager);
    statement('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT leaves the transaction open, as a failed work does. Like TypeORM, a failed
    // rollback is not what the caller hears about.
    if (runner.driver.databaseConnection.inTransaction) {
      try {
        statement('ROLLBACK');
      } catch {
        // the error that made the rollback needed is the one to report
      }
    }
    throw error;
  } finally {
    runner.isTransactionActive = false;
    runner.transactionDepth = 0;
  }
}

function sqliteRunner(manager: EntityManager): SqliteQueryRunner | undefined {
  const { options, subscribers } = manager.connection;
  if (options.type !== 'better-sqlite3' || options.logging || subscribers.length > 0) return undefined;
  // SQLite's driver hands out its one query runner, whether or not a transaction holds it.
  const runner = (manager.queryRunner ?? manager.connection.driver.createQueryRunner('master')) as SqliteQueryRunner;
  return runner.stmtCache instanceof Map && !runner.isReleased && runner.driver.databaseConnection ? runner : undefined;
}

function cachedStatement(runner: SqliteQueryRunner, sql: string): Statement {
  let statement = runner.stmtCache.get(sql);
  if (statement) return statement;
  statement = runner.driver.databaseConnection.prepare(sql);
  runner.stmtCache.set(sql, statement);
  // TypeORM's own eviction: oldest first.
  while (runner.stmtCache.size > runner.cacheSize) runner.stmtCache.delete(runner.stmtCache.keys().next().value!);
  return statement;
}
