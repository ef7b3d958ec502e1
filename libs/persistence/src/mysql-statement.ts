import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { QueryResult } from 'typeorm/query-runner/QueryResult';

/** The callback API of a pooled mysql2 connection, which TypeORM's driver hands out. */
interface Connection {
  query(sql: string, values: unknown[], done: (error: Error | null, raw: unknown) => void): void;
  release(): void;
}

interface MysqlDriver {
  pool?: { getConnection(done: (error: Error | null, connection: Connection) => void): void };
  poolCluster?: unknown;
  prepareDbConnection(connection: Connection): Connection;
}

/** What TypeORM's MysqlQueryRunner keeps: its connection once connected, and its transaction's state. */
interface MysqlQueryRunner extends QueryRunner {
  isTransactionActive: boolean;
  databaseConnection?: Connection;
  transactionDepth: number;
  connect(): Promise<Connection>;
}

/**
 * Runs one statement straight on mysql2's callback API, on the connection of the caller's query
 * runner or on one from the pool, and answers as TypeORM's query() would; undefined where that
 * query() must run instead: not MariaDB or MySQL, query logging, subscribers or a slow-query
 * limit that would miss the statement, replication, or a query runner not yet connected.
 *
 * Why: query() wraps each statement in about ten promises (its async calls, the subscribers'
 * before and after broadcasts, mysql2's promise wrapper, which also builds an Error for its stack
 * trace), and while AsyncLocalStorage is on every promise runs Node's promise hooks
 * (docs/performance-journal.md). One promise does here.
 */
export function runOnMysql(manager: EntityManager, sql: string, params: unknown[]): Promise<QueryResult> | undefined {
  const driver = mysqlDriver(manager.connection);
  if (!driver) return undefined;
  const runner = manager.queryRunner as MysqlQueryRunner | undefined;
  if (!runner) return onPooledConnection(driver, sql, params);
  if (runner.isReleased || !runner.databaseConnection) return undefined;
  return send(runner.databaseConnection, sql, params);
}

/**
 * A transaction on a pooled connection, begun and ended with plain START TRANSACTION, COMMIT and
 * ROLLBACK, the query runner marked active at depth 1 as TypeORM's startTransaction would: what
 * the work does through TypeORM joins the transaction, and a nested one takes a savepoint.
 * Without the four broadcasts and the query() calls of TypeORM's, about thirty promises a
 * transaction fewer (see runOnMysql); undefined where TypeORM's own must run.
 */
export function transactOnMysql<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> | undefined {
  if (!mysqlDriver(dataSource) || dataSource.options.isolationLevel) return undefined;
  return inTransaction(dataSource.createQueryRunner() as MysqlQueryRunner, work);
}

async function inTransaction<T>(runner: MysqlQueryRunner, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    const connection = await runner.connect();
    await send(connection, 'START TRANSACTION', []);
    runner.isTransactionActive = true;
    runner.transactionDepth = 1;
    try {
      const result = await work(runner.manager);
      await send(connection, 'COMMIT', []);
      return result;
    } catch (error) {
      // As TypeORM does: a failed COMMIT is rolled back too, and a failed rollback is not what
      // the caller hears about.
      await send(connection, 'ROLLBACK', []).catch(() => undefined);
      throw error;
    } finally {
      runner.isTransactionActive = false;
      runner.transactionDepth = 0;
    }
  } finally {
    await runner.release();
  }
}

function onPooledConnection(driver: MysqlDriver, sql: string, params: unknown[]): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    driver.pool!.getConnection((error, pooled) => {
      if (error) return reject(error);
      // TypeORM's own preparation of a pooled connection: a listener that logs its errors.
      const connection = driver.prepareDbConnection(pooled);
      const answer = answering(sql, params, resolve, reject);
      const done = (failure: Error | null, raw?: unknown) => {
        connection.release();
        answer(failure, raw);
      };
      // Outside the promise's executor, a value mysql2 cannot format would throw past the promise
      // and keep the connection.
      try {
        connection.query(sql, params, done);
      } catch (error) {
        done(error as Error);
      }
    });
  });
}

function send(connection: Connection, sql: string, params: unknown[]): Promise<QueryResult> {
  return new Promise((resolve, reject) => connection.query(sql, params, answering(sql, params, resolve, reject)));
}

/** mysql2's callback, answered as TypeORM's query() would: its structured result, or a QueryFailedError. */
function answering(sql: string, params: unknown[], resolve: (result: QueryResult) => void, reject: (error: Error) => void) {
  return (failure: Error | null, raw?: unknown) => (failure ? reject(new QueryFailedError(sql, params, failure)) : resolve(resultOf(raw)));
}

/** The structured result TypeORM's MysqlQueryRunner.query builds. */
function resultOf(raw: unknown): QueryResult {
  const result = new QueryResult();
  result.raw = raw;
  result.records = Array.isArray(raw) ? raw : [];
  const affected = (raw as { affectedRows?: number } | null)?.affectedRows;
  if (affected !== undefined) result.affected = affected;
  return result;
}

function mysqlDriver(dataSource: DataSource): MysqlDriver | undefined {
  const { options, subscribers } = dataSource;
  if (options.type !== 'mysql' && options.type !== 'mariadb') return undefined;
  if (options.logging || options.maxQueryExecutionTime || subscribers.length > 0) return undefined;
  const driver = dataSource.driver as unknown as MysqlDriver;
  return driver.pool && !driver.poolCluster ? driver : undefined;
}
