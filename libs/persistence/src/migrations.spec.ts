import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, MigrationInterface, PrimaryColumn, QueryRunner } from 'typeorm';
import { migrate, schemaDrift } from './migrations';
import { openDataSource, PersistenceOptions } from './persistence.module';
import { testMysqlServer } from './testing/mysql-server';

@Entity('migrations_spec_seat')
class SeatOrm {
  @PrimaryColumn({ type: 'varchar', length: 10 }) seat: string;
  @Column({ type: 'varchar', length: 36 }) bookingId: string;
}

class Baseline1700000000000 implements MigrationInterface {
  name = 'Baseline1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `migrations_spec_seat` (`seat` varchar(10) NOT NULL, `bookingId` varchar(36) NOT NULL, PRIMARY KEY (`seat`)) ENGINE=InnoDB');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `migrations_spec_seat`');
  }
}

const server = testMysqlServer();
const databases: string[] = [];
const opened: DataSource[] = [];

async function open(database: string, options: Partial<PersistenceOptions> = {}): Promise<DataSource> {
  const dataSource = await openDataSource({ url: `${server}/${database}`, entities: [SeatOrm], migrations: [Baseline1700000000000], poolSize: 1, ...options });
  opened.push(dataSource);
  return dataSource;
}

function freshDatabase(): string {
  const name = `unit_migrations_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  return name;
}

const ranMigrations = async (dataSource: DataSource) =>
  ((await dataSource.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((row) => row.name);

describe('migrations on MariaDB', () => {
  afterAll(async () => {
    const admin = opened.find((dataSource) => dataSource.isInitialized) ?? (await open(freshDatabase()));
    for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    for (const dataSource of opened) if (dataSource.isInitialized) await dataSource.destroy();
  });

  it('makes the schema from the migrations, not the entities, on a pool of one connection, and records them', async () => {
    const dataSource = await open(freshDatabase());

    expect(dataSource.options.synchronize).toBe(false);
    expect(await ranMigrations(dataSource)).toEqual(['Baseline1700000000000']);
    expect(await schemaDrift(dataSource)).toEqual([]);
  });

  it('runs nothing on a second start', async () => {
    const database = freshDatabase();
    await open(database);
    const again = await open(database);

    expect(await migrate(again)).toEqual([]);
    expect(await ranMigrations(again)).toEqual(['Baseline1700000000000']);
  });

  it('lets replicas starting together migrate one at a time: every start succeeds, and the baseline runs once', async () => {
    const database = freshDatabase();

    const replicas = await Promise.all([open(database), open(database), open(database)]);

    expect(await ranMigrations(replicas[0])).toEqual(['Baseline1700000000000']);
  });

  it("takes a schema made by synchronize before migrations as the baseline, keeping its rows and running no DDL", async () => {
    const database = freshDatabase();
    const before = await open(database, { migrations: undefined });
    await before.query("INSERT INTO migrations_spec_seat (seat, bookingId) VALUES ('1A', 'b-1')");

    const after = await open(database);

    expect(await ranMigrations(after)).toEqual(['Baseline1700000000000']);
    expect(await after.query('SELECT seat, bookingId FROM migrations_spec_seat')).toEqual([{ seat: '1A', bookingId: 'b-1' }]);
  });

  it('does not take a baseline cut halfway for a schema made by synchronize: the next start fails on it', async () => {
    @Entity('migrations_spec_ticket')
    class TicketOrm {
      @PrimaryColumn({ type: 'varchar', length: 10 }) id: string;
    }
    let dies = true;
    class TwoTables1700000000001 implements MigrationInterface {
      name = 'TwoTables1700000000001';
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query('CREATE TABLE `migrations_spec_seat` (`seat` varchar(10) NOT NULL, `bookingId` varchar(36) NOT NULL, PRIMARY KEY (`seat`)) ENGINE=InnoDB');
        if (dies) throw new Error('the pod was killed between the two statements');
        await queryRunner.query('CREATE TABLE `migrations_spec_ticket` (`id` varchar(10) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB');
      }
      async down(): Promise<void> {}
    }
    const database = freshDatabase();
    const schema = { entities: [SeatOrm, TicketOrm], migrations: [TwoTables1700000000001] };
    await expect(open(database, schema)).rejects.toThrow('killed');
    dies = false;

    await expect(open(database, schema)).rejects.toThrow(/migrations_spec_seat/);
  });

  it('reports what the migrations leave out of the entities', async () => {
    @Entity('migrations_spec_extra')
    class ExtraOrm {
      @PrimaryColumn({ type: 'varchar', length: 10 }) id: string;
    }

    const dataSource = await open(freshDatabase(), { entities: [SeatOrm, ExtraOrm] });

    expect(await schemaDrift(dataSource)).toEqual([expect.stringMatching(/^CREATE TABLE `migrations_spec_extra`/)]);
  });

  it('leaves SQLite to synchronize, with no migration table', async () => {
    const dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [SeatOrm], migrations: [Baseline1700000000000] });
    try {
      expect(dataSource.options.synchronize).toBe(true);
      expect(await dataSource.createQueryRunner().hasTable('migrations')).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });
});
