import { Logger } from '@nestjs/common';
import { DataSource, EntitySchema, MigrationInterface, QueryRunner } from 'typeorm';
import { Migration } from 'typeorm/migration/Migration';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { TransactionRunner } from './transaction-runner';

export type MigrationClass = new () => MigrationInterface;

/** An app's tables, and the migrations that make them on MySQL and MariaDB (oldest first). */
export interface AppSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: (Function | EntitySchema)[];
  migrations: MigrationClass[];
}

/**
 * How long a starting replica waits for another one's migrations before it gives up. The
 * Deployments' start-up probes give a pod longer than this (test/ops/k8s-platform.spec.ts).
 */
export const MIGRATION_LOCK_WAIT_SECONDS = 120;

const logger = new Logger('Migrations');

/**
 * Runs the pending migrations under the database's lock, so that replicas starting together
 * migrate one at a time and the later ones find nothing to do. They run on the lock's own
 * connection: on a pool of one they would otherwise wait for it. A migration is only as atomic as
 * its single statements: keep them small.
 */
export function migrate(dataSource: DataSource): Promise<string[]> {
  const work = async (connection?: QueryRunner) => {
    const executor = new LockedMigrations(dataSource, connection);
    if (await executor.madeBySynchronize()) logger.log(`took the existing schema as ${await executor.adoptBaseline()}`);
    const ran = await executor.executePendingMigrations();
    for (const migration of ran) logger.log(`ran ${migration.name}`);
    return ran.map((migration) => migration.name);
  };
  return new TransactionRunner(dataSource).exclusively('migrations', work, { waitSeconds: MIGRATION_LOCK_WAIT_SECONDS });
}

/** The statements that would bring the schema to the entities: none, when the migrations are complete. */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  return (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);
}

/**
 * Migrations on the connection that holds the lock. It also adopts a schema from before
 * migrations: each app's schema then came from TypeORM's synchronize, which leaves the app's
 * tables but no record of a migration. That schema is the first migration's, so that one is
 * recorded as run instead of failing on tables that exist.
 */
class LockedMigrations extends MigrationExecutor {
  constructor(dataSource: DataSource, connection?: QueryRunner) {
    super(dataSource, connection);
    // MySQL commits each DDL statement by itself: a transaction around a migration would promise
    // an atomicity it does not have.
    this.transaction = 'none';
  }

  /**
   * Tables but no migrations table: synchronize made them. An empty migrations table with tables
   * is a migration cut halfway (the table is made before the first one runs), not a baseline.
   */
  async madeBySynchronize(): Promise<boolean> {
    if (this.dataSource.migrations.length === 0) return false;
    return this.withQueryRunner(async (runner) => {
      if (await runner.hasTable(this.dataSource.options.migrationsTableName ?? 'migrations')) return false;
      for (const entity of this.dataSource.entityMetadatas) if (await runner.hasTable(entity.tablePath)) return true;
      return false;
    });
  }

  async adoptBaseline(): Promise<string> {
    const [baseline]: Migration[] = this.getMigrations();
    await this.withQueryRunner(async (runner) => {
      await this.createMigrationsTableIfNotExist(runner);
      await this.insertExecutedMigration(runner, baseline);
    });
    return baseline.name;
  }
}
