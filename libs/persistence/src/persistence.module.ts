import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions, EntitySchema } from 'typeorm';
import { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { DatabaseTarget, parseDatabaseUrl } from './database-url';
import { migrate, MigrationClass, schemaDrift } from './migrations';
import { TransactionRunner } from './transaction-runner';

export interface PersistenceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: (Function | EntitySchema)[];
  /**
   * The app's migrations: on MySQL and MariaDB they, not the entities, make the schema. SQLite
   * (the embedded mode) and a test's own tables without migrations still get synchronize.
   */
  migrations?: MigrationClass[];
  /** MariaDB connection pool size. */
  poolSize?: number;
  logging?: boolean;
}

export const readinessOfDatabase = (dataSource: DataSource) => ({
  name: 'database',
  check: async () => {
    await dataSource.query('SELECT 1');
    return { type: dataSource.options.type };
  },
});

/** Which server a mysql:// URL reached: TypeORM reads MariaDB's schema right only when told it is MariaDB. */
type MysqlFlavour = 'mysql' | 'mariadb';

const migrated = (target: DatabaseTarget, options: PersistenceOptions) => target.kind === 'mysql' && options.migrations !== undefined;

function toOptions(target: DatabaseTarget, options: PersistenceOptions, flavour: MysqlFlavour = 'mysql'): DataSourceOptions {
  // See docs/operations.md, "Schema changes".
  const common = {
    entities: options.entities,
    synchronize: !migrated(target, options),
    migrations: migrated(target, options) ? options.migrations : [],
    logging: options.logging ?? false,
  };
  if (target.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.file,
      // TypeORM's default keeps 100 compiled statements per database, evicting the oldest first;
      // an app's hot statements alone come near that, and a recompile costs more than a run.
      statementCacheSize: 1000,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
      },
    } as DataSourceOptions;
  }
  return {
    ...common,
    type: flavour,
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    charset: 'utf8mb4',
    poolSize: options.poolSize ?? 10,
    // trace: false stops mysql2 capturing a stack trace for every query (about a fifth of its CPU
    // per query, measured in docs/performance-journal.md); errors are told apart by their code, not their stack.
    extra: { connectionLimit: options.poolSize ?? 10, trace: false },
  };
}

/**
 * Creates the database if it is missing and says which server it is on. With `type: 'mysql'`
 * TypeORM reads MariaDB's column defaults wrongly (MariaDB quotes them, and names a nullable
 * column's default NULL), so every start altered every nullable column and rebuilt the outbox's
 * index, under the replicas still serving. MySQL (the Kubernetes manifests) stays 'mysql'.
 */
async function ensureDatabase(target: DatabaseTarget): Promise<MysqlFlavour | undefined> {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    return undefined;
  }
  const connection = await createConnection({ host: target.host, port: target.port, user: target.username, password: target.password });
  try {
    // The name was checked against [A-Za-z0-9_]+ when the URL was parsed. Binary collation: ids
    // and keys compare exactly, as on SQLite; the servers' default would make 'k' and 'K' one key.
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${target.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as { version: unknown }[])[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export async function openDataSource(options: PersistenceOptions): Promise<DataSource> {
  const target = parseDatabaseUrl(options.url);
  const flavour = await ensureDatabase(target);
  const dataSource = await new DataSource(toOptions(target, options, flavour)).initialize();
  if (dataSource.driver instanceof MysqlDriver) reusePromiseWrappers(dataSource.driver.pool as PromisingPool);
  if (migrated(target, options)) await migrateAndCompare(dataSource);
  return dataSource;
}

const logger = new Logger('Persistence');

async function migrateAndCompare(dataSource: DataSource): Promise<void> {
  try {
    await migrate(dataSource);
    const drift = await schemaDrift(dataSource);
    // A warning, not a failed start: the migrations' own spec keeps this empty, and a server that
    // reads its schema back differently should not stop every replica.
    if (drift.length > 0) logger.warn(`the schema differs from the entities by ${drift.length} statement(s), first: ${drift[0]}`);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

interface PromisingConnection {
  promise(): unknown;
}

interface PromisingPool {
  on(event: 'acquire', listener: (connection: PromisingConnection) => void): unknown;
}

const reusing = new WeakSet<PromisingConnection>();

/**
 * TypeORM sends every statement through `connection.promise()`, and mysql2 builds a new promise
 * wrapper each time, with a require() call and an EventEmitter: 1.5-4 % of a distributed app's
 * CPU samples (docs/performance-journal.md). The wrapper keeps nothing of a call, so each pooled
 * connection keeps its first one.
 */
function reusePromiseWrappers(pool: PromisingPool): void {
  pool.on('acquire', (connection) => {
    if (reusing.has(connection)) return;
    const wrapper = connection.promise();
    connection.promise = () => wrapper;
    reusing.add(connection);
  });
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** One database per app: a DataSource and a TransactionRunner, available app-wide. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(options) },
        { provide: TransactionRunner, inject: [DataSource], useFactory: (ds: DataSource) => new TransactionRunner(ds) },
        DataSourceCloser,
      ],
      exports: [DataSource, TransactionRunner],
    };
  }
}
