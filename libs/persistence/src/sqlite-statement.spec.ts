import { Column, DataSource, Entity, PrimaryGeneratedColumn, QueryFailedError } from 'typeorm';
import { openDataSource } from './persistence.module';
import { runOnSqlite, transactOnSqlite } from './sqlite-statement';
import { TransactionRunner } from './transaction-runner';

@Entity('statement_spec_item')
class ItemOrm {
  @PrimaryGeneratedColumn({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 36, unique: true }) code: string;
  @Column({ type: 'boolean', default: false }) flagged: boolean;
}

describe('runOnSqlite', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [ItemOrm] });
  });
  afterEach(() => dataSource.destroy());

  it('answers as TypeORM query() would, without going through it', async () => {
    const query = jest.spyOn(dataSource.driver.createQueryRunner('master'), 'query');
    const manager = dataSource.manager;

    const written = runOnSqlite(manager, 'INSERT INTO statement_spec_item (code, flagged) VALUES (?, ?)', ['one', true]);
    const read = runOnSqlite(manager, 'SELECT code, flagged FROM statement_spec_item WHERE code = ?', ['one']);

    expect(written).toMatchObject({ affected: 1, raw: 1 });
    expect(read?.records).toEqual([{ code: 'one', flagged: 1 }]);
    expect(query).not.toHaveBeenCalled();
  });

  it('runs inside the transaction that holds the connection, and is rolled back with it', async () => {
    const failed = new TransactionRunner(dataSource).run(async (manager) => {
      runOnSqlite(manager, 'INSERT INTO statement_spec_item (code) VALUES (?)', ['rolled-back']);
      throw new Error('the work failed after the insert');
    });

    await expect(failed).rejects.toThrow('the work failed after the insert');
    expect(await dataSource.query('SELECT code FROM statement_spec_item')).toEqual([]);
  });

  it('fails as TypeORM does, a QueryFailedError with the driver error, so unique violations are told apart', () => {
    const insert = 'INSERT INTO statement_spec_item (code) VALUES (?)';
    runOnSqlite(dataSource.manager, insert, ['twice']);

    let refused: unknown;
    try {
      runOnSqlite(dataSource.manager, insert, ['twice']);
    } catch (error) {
      refused = error;
    }

    expect(refused).toBeInstanceOf(QueryFailedError);
    expect((refused as QueryFailedError).driverError).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
  });

  it('leaves the statement to TypeORM while its query log is on, so the log misses none', async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const logged = await openDataSource({ url: 'sqlite::memory:', entities: [ItemOrm], logging: true });
    try {
      expect(runOnSqlite(logged.manager, 'SELECT 1 AS one', [])).toBeUndefined();
    } finally {
      await logged.destroy();
      quiet.mockRestore();
    }
  });
});

describe('transactOnSqlite', () => {
  let dataSource: DataSource;
  const codes = async () => ((await dataSource.query('SELECT code FROM statement_spec_item ORDER BY code')) as { code: string }[]).map((row) => row.code);

  beforeEach(async () => {
    dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [ItemOrm] });
  });
  afterEach(() => dataSource.destroy());

  it('commits what the work wrote, through TypeORM or not, without TypeORM starting a transaction of its own', async () => {
    const start = jest.spyOn(dataSource.driver.createQueryRunner('master'), 'startTransaction');

    const answer = await transactOnSqlite(dataSource, async (manager) => {
      await manager.save(ItemOrm, { code: 'saved' });
      runOnSqlite(manager, 'INSERT INTO statement_spec_item (code) VALUES (?)', ['inserted']);
      return manager.queryRunner?.isTransactionActive;
    });

    expect(answer).toBe(true);
    expect(await codes()).toEqual(['inserted', 'saved']);
    expect(start).not.toHaveBeenCalled();
    expect(dataSource.driver.createQueryRunner('master').isTransactionActive).toBe(false);
  });

  it('rolls everything back when the work fails, and the connection takes the next transaction', async () => {
    const failed = transactOnSqlite(dataSource, async (manager) => {
      await manager.save(ItemOrm, { code: 'lost' });
      throw new Error('the work failed');
    });
    await expect(failed).rejects.toThrow('the work failed');

    await transactOnSqlite(dataSource, (manager) => manager.save(ItemOrm, { code: 'kept' }));
    expect(await codes()).toEqual(['kept']);
  });

  it('gives a transaction nested through TypeORM a savepoint, which rolls back alone', async () => {
    await transactOnSqlite(dataSource, async (manager) => {
      await manager.save(ItemOrm, { code: 'outer' });
      await manager.transaction(async (inner) => {
        await inner.save(ItemOrm, { code: 'inner' });
        throw new Error('the inner work failed');
      }).catch(() => undefined);
    });

    expect(await codes()).toEqual(['outer']);
  });

  it('leaves the transaction to TypeORM while its query log is on', async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const logged = await openDataSource({ url: 'sqlite::memory:', entities: [ItemOrm], logging: true });
    try {
      expect(transactOnSqlite(logged, async () => undefined)).toBeUndefined();
    } finally {
      await logged.destroy();
      quiet.mockRestore();
    }
  });
});
