import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, EntityManager, PrimaryGeneratedColumn, QueryFailedError } from 'typeorm';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { openDataSource } from './persistence.module';
import { runOnMysql, transactOnMysql } from './mysql-statement';
import { testMysqlServer } from './testing/mysql-server';

@Entity('statement_spec_item')
class ItemOrm {
  @PrimaryGeneratedColumn({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 36, unique: true }) code: string;
  @Column({ type: 'boolean', default: false }) flagged: boolean;
}

describe('direct statements on MariaDB', () => {
  const database = `unit_statement_${randomUUID().slice(0, 8)}`;
  const url = `${testMysqlServer()}/${database}`;
  let dataSource: DataSource;
  const insert = 'INSERT INTO statement_spec_item (code) VALUES (?)';
  const codes = async () => ((await dataSource.query('SELECT code FROM statement_spec_item ORDER BY code')) as { code: string }[]).map((row) => row.code);
  const openTransactions = async (manager: EntityManager) => Number((await runOnMysql(manager, 'SELECT @@in_transaction AS open', []))!.records[0].open);

  beforeAll(async () => {
    dataSource = await openDataSource({ url, entities: [ItemOrm], poolSize: 3 });
  });
  beforeEach(() => dataSource.query('DELETE FROM statement_spec_item'));
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await dataSource.query(`DROP DATABASE IF EXISTS ${database}`);
    await dataSource.destroy();
  });

  describe('runOnMysql', () => {
    it('answers as TypeORM query() would, on a pooled connection, without going through it', async () => {
      const query = jest.spyOn(MysqlQueryRunner.prototype, 'query');

      const written = await runOnMysql(dataSource.manager, 'INSERT INTO statement_spec_item (code, flagged) VALUES (?, ?)', ['one', true]);
      const read = await runOnMysql(dataSource.manager, 'SELECT code, flagged FROM statement_spec_item WHERE code = ?', ['one']);
      const runner = dataSource.createQueryRunner();
      const viaTypeorm = await runner.query('SELECT code, flagged FROM statement_spec_item WHERE code = ?', ['one'], true);
      await runner.release();

      expect(written).toMatchObject({ affected: 1, records: [] });
      expect(read?.records).toEqual([{ code: 'one', flagged: 1 }]);
      expect(read?.records).toEqual(viaTypeorm.records);
      expect(query).toHaveBeenCalledTimes(1);
    });

    it('gives every pooled connection back, so more statements than the pool has connections all finish', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => runOnMysql(dataSource.manager, insert, [`item-${i}`])));

      expect(answers.map((answer) => answer?.affected)).toEqual(Array(20).fill(1));
      expect(await codes()).toHaveLength(20);
    });

    it('rejects a value mysql2 cannot format, and gives its pooled connection back', async () => {
      const unformattable = { toSqlString: () => { throw new Error('cannot format'); } };

      for (let i = 0; i < 4; i++) await expect(runOnMysql(dataSource.manager, insert, [unformattable])).rejects.toThrow('cannot format');

      // Four failures on a pool of three: had one kept its connection, this would wait forever.
      expect((await runOnMysql(dataSource.manager, 'SELECT 1 AS one', []))?.records).toEqual([{ one: 1 }]);
    });

    it('fails as TypeORM does, a QueryFailedError with the driver error, so unique violations are told apart', async () => {
      await runOnMysql(dataSource.manager, insert, ['twice']);

      const refused = runOnMysql(dataSource.manager, insert, ['twice']);

      await expect(refused).rejects.toBeInstanceOf(QueryFailedError);
      await expect(refused).rejects.toMatchObject({ driverError: { code: 'ER_DUP_ENTRY' } });
    });

    it('runs on the connection of a transaction TypeORM began, and is rolled back with it', async () => {
      const failed = dataSource.transaction(async (manager) => {
        await runOnMysql(manager, insert, ['rolled-back']);
        expect(await openTransactions(manager)).toBe(1);
        throw new Error('the work failed after the insert');
      });

      await expect(failed).rejects.toThrow('the work failed after the insert');
      expect(await codes()).toEqual([]);
    });

    it('leaves the statement to TypeORM while its query log is on, or its query runner has no connection yet', async () => {
      jest.spyOn(console, 'log').mockImplementation(() => undefined);
      const logged = await openDataSource({ url, entities: [ItemOrm], logging: true, poolSize: 1 });
      try {
        expect(runOnMysql(logged.manager, 'SELECT 1 AS one', [])).toBeUndefined();
      } finally {
        await logged.destroy();
      }
      const unconnected = dataSource.createQueryRunner();
      expect(runOnMysql(unconnected.manager, 'SELECT 1 AS one', [])).toBeUndefined();
      await unconnected.release();
    });
  });

  describe('transactOnMysql', () => {
    it('commits what the work wrote, through TypeORM or not, without TypeORM starting a transaction of its own', async () => {
      const start = jest.spyOn(MysqlQueryRunner.prototype, 'startTransaction');

      const answer = await transactOnMysql(dataSource, async (manager) => {
        await manager.save(ItemOrm, { code: 'saved' });
        await runOnMysql(manager, insert, ['inserted']);
        return [manager.queryRunner?.isTransactionActive, await openTransactions(manager)];
      });

      expect(answer).toEqual([true, 1]);
      expect(await codes()).toEqual(['inserted', 'saved']);
      expect(start).not.toHaveBeenCalled();
    });

    it('rolls everything back when the work fails, and gives the connection back to the pool', async () => {
      const release = jest.spyOn(MysqlQueryRunner.prototype, 'release');

      const failed = transactOnMysql(dataSource, async (manager) => {
        await manager.save(ItemOrm, { code: 'lost' });
        throw new Error('the work failed');
      });

      await expect(failed).rejects.toThrow('the work failed');
      expect(release).toHaveBeenCalledTimes(1);
      expect(await codes()).toEqual([]);
      // Its connection went back to the pool with no transaction left open on it.
      const pooled = await Promise.all([1, 2, 3].map(async () => {
        const runner = dataSource.createQueryRunner();
        await runner.connect();
        return runner;
      }));
      expect(await Promise.all(pooled.map((runner) => openTransactions(runner.manager)))).toEqual([0, 0, 0]);
      await Promise.all(pooled.map((runner) => runner.release()));
    });

    it('keeps two transactions apart on their own connections: one committed while the other, open beside it, rolls back', async () => {
      let secondWrote: () => void = () => undefined;
      const wrote = new Promise<void>((resolve) => (secondWrote = resolve));
      let firstDone: () => void = () => undefined;
      const committed = new Promise<void>((resolve) => (firstDone = resolve));

      const second = transactOnMysql(dataSource, async (manager) => {
        await runOnMysql(manager, insert, ['second']);
        secondWrote();
        await committed;
        throw new Error('second failed');
      });
      await transactOnMysql(dataSource, async (manager) => {
        await wrote;
        await runOnMysql(manager, insert, ['first']);
      });
      firstDone();

      await expect(second).rejects.toThrow('second failed');
      expect(await codes()).toEqual(['first']);
    });

    it('gives a transaction nested through TypeORM a savepoint, which rolls back alone', async () => {
      await transactOnMysql(dataSource, async (manager) => {
        await manager.save(ItemOrm, { code: 'outer' });
        await manager.transaction(async (inner) => {
          await inner.save(ItemOrm, { code: 'inner' });
          throw new Error('the inner work failed');
        }).catch(() => undefined);
      });

      expect(await codes()).toEqual(['outer']);
    });

    it('leaves the transaction to TypeORM for an isolation level of the data source', async () => {
      const isolated = await openDataSource({ url, entities: [ItemOrm], poolSize: 1 });
      try {
        Object.assign(isolated.options, { isolationLevel: 'SERIALIZABLE' });
        expect(transactOnMysql(isolated, async () => undefined)).toBeUndefined();
      } finally {
        await isolated.destroy();
      }
    });
  });
});
