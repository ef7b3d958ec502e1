import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { openDataSource } from './persistence.module';
import { testMysqlServer } from './testing/mysql-server';
import { isUniqueViolation } from './driver-errors';

@Entity('persistence_spec_seat')
class SeatOrm {
  @PrimaryColumn({ type: 'varchar', length: 10 }) seat: string;
  @Column({ type: 'varchar', length: 36 }) bookingId: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) soldAt: string | null;
}

const server = testMysqlServer();
const database = `unit_persistence_${randomUUID().slice(0, 8)}`;

describe('openDataSource on MariaDB', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: `${server}/${database}`, entities: [SeatOrm], poolSize: 3 });
  });
  afterAll(async () => {
    await dataSource.query(`DROP DATABASE IF EXISTS ${database}`);
    await dataSource.destroy();
  });

  it('creates the database and pools connections without a stack capture per query', async () => {
    const pool = (dataSource.driver as unknown as { pool: { config: { connectionLimit: number; connectionConfig: { trace: boolean } } } }).pool;

    expect(pool.config.connectionLimit).toBe(3);
    expect(pool.config.connectionConfig.trace).toBe(false);
    expect(await dataSource.query('SELECT DATABASE() AS name')).toEqual([{ name: database }]);
  });

  it("keeps one promise wrapper per pooled connection, which every statement TypeORM sends goes through", async () => {
    const runners = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    const connections = (await Promise.all(runners.map((runner) => runner.connect()))) as Array<{ promise(): unknown }>;
    const wrappers = connections.map((connection) => connection.promise());

    const answers = await Promise.all(runners.map((runner, index) => runner.query('SELECT ? AS answer', [index])));

    expect(answers).toEqual([[{ answer: 0 }], [{ answer: 1 }]]);
    connections.forEach((connection, index) => expect(connection.promise()).toBe(wrappers[index]));
    expect(wrappers[0]).not.toBe(wrappers[1]);
    await Promise.all(runners.map((runner) => runner.release()));
  });

  it('reads the schema it made as it is: a second start has nothing to change (the server is MariaDB, and told so)', async () => {
    const again = await openDataSource({ url: `${server}/${database}`, entities: [SeatOrm], poolSize: 1 });
    try {
      expect(again.options.type).toBe('mariadb');
      expect((await again.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await again.destroy();
    }
  });

  it('still reports a second sale of a seat as a unique violation', async () => {
    await dataSource.manager.insert(SeatOrm, { seat: '1A', bookingId: 'first' });

    const second = await dataSource.manager.insert(SeatOrm, { seat: '1A', bookingId: 'second' }).catch((error: unknown) => error);

    expect(isUniqueViolation(second)).toBe(true);
  });

  it('compares keys exactly, as SQLite does: seats that differ only in case are two rows', async () => {
    await dataSource.manager.insert(SeatOrm, [{ seat: 'k-7', bookingId: 'lower' }, { seat: 'K-7', bookingId: 'upper' }]);

    expect(await dataSource.manager.findOneByOrFail(SeatOrm, { seat: 'K-7' })).toMatchObject({ bookingId: 'upper' });
  });
});
