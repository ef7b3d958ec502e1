import { EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { QueryResult } from 'typeorm/query-runner/QueryResult';

interface Statement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** What TypeORM's BetterSqlite3QueryRunner keeps: its compiled statements, and the database they belong to. */
interface SqliteQueryRunner extends QueryRunner {
  stmtCache: Map<string, Statement>;
  cacheSize: number;
  driver: QueryRunner['connection']['driver'] & { databaseConnection?: { prepare(sql: string): Statement } };
}

/**
 * Runs one statement straight on better-sqlite3, through the statement cache TypeORM's query
 * runner keeps, and answers as its query() would; undefined where that query() must run instead:
 * not SQLite, or query logging or subscribers that would miss the statement.
 *
 * Why: better-sqlite3 is synchronous, but TypeORM's query() wraps each statement in five async
 * calls (the subscribers' before and after broadcasts, the cache lookup). While AsyncLocalStorage
 * is on, as the request context and tracing keep it, every promise runs Node's promise hooks,
 * which took 16 % of the platform's instructions a booking (docs/benchmarks.md, "Changes made").
 */
export function runOnSqlite(manager: EntityManager, sql: string, params: unknown[]): QueryResult | undefined {
  const runner = sqliteRunner(manager);
  const connection = runner?.driver.databaseConnection;
  if (!runner || !connection) return undefined;
  const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
  try {
    const statement = cachedStatement(runner, connection, sql);
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

function sqliteRunner(manager: EntityManager): SqliteQueryRunner | undefined {
  const { options, subscribers } = manager.connection;
  if (options.type !== 'better-sqlite3' || options.logging || subscribers.length > 0) return undefined;
  // SQLite's driver hands out its one query runner, whether or not a transaction holds it.
  const runner = (manager.queryRunner ?? manager.connection.driver.createQueryRunner('master')) as SqliteQueryRunner;
  return runner.stmtCache instanceof Map && !runner.isReleased ? runner : undefined;
}

function cachedStatement(runner: SqliteQueryRunner, connection: { prepare(sql: string): Statement }, sql: string): Statement {
  let statement = runner.stmtCache.get(sql);
  if (statement) return statement;
  statement = connection.prepare(sql);
  runner.stmtCache.set(sql, statement);
  // TypeORM's own eviction: oldest first.
  while (runner.stmtCache.size > runner.cacheSize) runner.stmtCache.delete(runner.stmtCache.keys().next().value!);
  return statement;
}
