import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { openDataSource } from './persistence.module';
import { rows } from './rows';
import { testMysqlServer } from './testing/mysql-server';
import { LockNotFree, TransactionRunner } from './transaction-runner';

@Entity('runner_spec_seat')
class SeatOrm {
  @PrimaryColumn({ type: 'varchar', length: 8 }) seat: string;
  @Column({ type: 'varchar', length: 36 }) owner: string;
}

describe('TransactionRunner on SQLite', () => {
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  const take = (seat: string, owner: string) => transactions.run(async (manager) => {
    await rows.insert(manager, SeatOrm, { seat, owner });
    return `${owner} has ${seat}`;
  });
  const owners = async () => (await dataSource.manager.find(SeatOrm, { order: { seat: 'ASC' } })).map((row) => `${row.seat}:${row.owner}`);

  beforeEach(async () => {
    dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [SeatOrm] });
    transactions = new TransactionRunner(dataSource);
  });
  afterEach(() => dataSource.destroy());

  it('queues concurrent transactions on the one connection and answers each with its own result', async () => {
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => take(`S${i}`, `owner-${i}`)));

    expect(answers[0]).toBe('owner-0 has S0');
    expect(answers[149]).toBe('owner-149 has S149');
    expect(await dataSource.manager.count(SeatOrm)).toBe(150);
  });

  it('undoes a transaction that fails half-way and goes on with the ones queued behind it', async () => {
    const failing = () => transactions.run(async (manager) => {
      await rows.insert(manager, SeatOrm, { seat: 'B1', owner: 'carol' });
      await rows.insert(manager, SeatOrm, { seat: 'A1', owner: 'carol' }); // alice's
    });

    const results = await Promise.allSettled([take('A1', 'alice'), failing(), take('C1', 'bob')]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await owners()).toEqual(['A1:alice', 'C1:bob']);
  });

  it('runs a single statement after the transaction in progress, so it never reads rows that may yet be rolled back', async () => {
    let inserted!: () => void;
    let rollBack!: () => void;
    const rowInserted = new Promise<void>((done) => { inserted = done; });
    const rolledBack = new Promise<void>((done) => { rollBack = done; });
    const transaction = transactions.run(async (manager) => {
      await rows.insert(manager, SeatOrm, { seat: 'A1', owner: 'alice' });
      inserted();
      await rolledBack;
      throw new Error('changed my mind');
    });
    await rowInserted;

    const counted = transactions.runStatement((manager) => manager.count(SeatOrm));
    // Time enough for a statement that did not wait to have read the uncommitted row.
    await sleep(20);
    rollBack();

    await expect(transaction).rejects.toThrow('changed my mind');
    expect(await counted).toBe(0);
  });
  it('runs a single statement outside a transaction, and a unit of work inside one', async () => {
    const connection = (dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection;
    const inTransaction = async () => connection.inTransaction;

    expect([await transactions.runStatement(inTransaction), await transactions.run(inTransaction)]).toEqual([false, true]);
    await transactions.runStatement((manager) => rows.insert(manager, SeatOrm, { seat: 'D4', owner: 'dave' }));
    expect(await owners()).toEqual(['D4:dave']);
  });

  it('runs exclusive work straight away, as the one process of its file, and not when onlyIfAny finds nothing', async () => {
    const none = await transactions.exclusively('any', async () => 'ran', { onlyIfAny: rows.existsQuery(dataSource.manager, SeatOrm, { owner: 'nobody' }) });

    expect([none, await transactions.exclusively('any', async () => 'ran')]).toEqual([undefined, 'ran']);
  });
});

describe('TransactionRunner on MariaDB', () => {
  const database = `unit_runner_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  const inTransaction = async (manager: import('typeorm').EntityManager) =>
    Number((await manager.query('SELECT @@in_transaction AS open'))[0].open);

  beforeAll(async () => {
    dataSource = await openDataSource({ url: `${testMysqlServer()}/${database}`, entities: [SeatOrm], poolSize: 2 });
    transactions = new TransactionRunner(dataSource);
  });
  afterAll(async () => {
    await dataSource.query(`DROP DATABASE IF EXISTS ${database}`);
    await dataSource.destroy();
  });

  it('runs a single statement without a transaction of its own, and work in one', async () => {
    expect(await transactions.runStatement(inTransaction)).toBe(0);
    expect(await transactions.run(inTransaction)).toBe(1);
  });

  it('commits what a single statement changed', async () => {
    await transactions.runStatement((manager) => rows.insert(manager, SeatOrm, { seat: 'B2', owner: 'bob' }));

    expect(await dataSource.manager.findOneBy(SeatOrm, { seat: 'B2' })).toEqual({ seat: 'B2', owner: 'bob' });
  });

  describe('exclusively, as two processes sharing the server', () => {
    let other: DataSource;
    const lock = 'unit-lock';

    beforeAll(async () => {
      other = await openDataSource({ url: `${testMysqlServer()}/${database}`, entities: [SeatOrm], poolSize: 2 });
    });
    afterAll(() => other.destroy());

    it("runs the second holder's work only once the first one's has finished", async () => {
      const steps: string[] = [];
      let finishFirst!: () => void;
      let firstStarted!: () => void;
      const started = new Promise<void>((resolve) => (firstStarted = resolve));
      const first = transactions.exclusively(lock, async () => {
        steps.push('first starts');
        firstStarted();
        await new Promise<void>((resolve) => (finishFirst = resolve));
        steps.push('first ends');
      });
      await started;
      const second = new TransactionRunner(other).exclusively(lock, async () => void steps.push('second runs'));
      await sleep(200);
      finishFirst();

      await Promise.all([first, second]);
      expect(steps).toEqual(['first starts', 'first ends', 'second runs']);
    });

    it('fails when the lock is not free within the wait, without running the work', async () => {
      let release!: () => void;
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const first = transactions.exclusively(lock, () => new Promise<void>((resolve) => ((release = resolve), held())));
      await holding;
      const work = jest.fn();

      await expect(new TransactionRunner(other).exclusively(lock, work, { waitSeconds: 1 })).rejects.toThrow(new LockNotFree(lock, 1));
      release();
      await first;
      expect(work).not.toHaveBeenCalled();
    });

    it('asks for the lock only when the given query finds a row, and then runs the work holding it', async () => {
      const lockHolder = async () => Number((await other.query('SELECT IS_USED_LOCK(?) IS NOT NULL AS used', [`${database}.${lock}`]))[0].used);
      const anyOwnedBy = (owner: string) => rows.existsQuery(dataSource.manager, SeatOrm, { owner });
      await transactions.runStatement((manager) => rows.insert(manager, SeatOrm, { seat: 'C3', owner: 'carol' }));

      const withoutRow = await transactions.exclusively(lock, async () => 'ran', { onlyIfAny: anyOwnedBy('nobody') });
      const withRow = await transactions.exclusively(lock, lockHolder, { onlyIfAny: anyOwnedBy('carol') });

      expect([withoutRow, withRow, await lockHolder()]).toEqual([undefined, 1, 0]);
    });

    it('gets the lock of a process that died holding it', async () => {
      const dying = await openDataSource({ url: `${testMysqlServer()}/${database}`, entities: [SeatOrm], poolSize: 1 });
      const connection = dying.createQueryRunner();
      await connection.query('SELECT GET_LOCK(?, 0)', [`${database}.${lock}`]);

      await dying.destroy();

      await expect(transactions.exclusively(lock, async () => 'ran', { waitSeconds: 5 })).resolves.toBe('ran');
    });
  });
});
