import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { openDataSource } from './persistence.module';
import { rows } from './rows';
import { TransactionRunner } from './transaction-runner';

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

  it('answers each of many concurrent transactions with its own result and commits them all', async () => {
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => take(`S${i}`, `owner-${i}`)));

    expect(answers[0]).toBe('owner-0 has S0');
    expect(answers[149]).toBe('owner-149 has S149');
    expect(await dataSource.manager.count(SeatOrm)).toBe(150);
  });

  it('undoes only the transaction that failed when several share a commit', async () => {
    const failing = () => transactions.run(async (manager) => {
      await rows.insert(manager, SeatOrm, { seat: 'B1', owner: 'carol' });
      await rows.insert(manager, SeatOrm, { seat: 'A1', owner: 'carol' }); // alice's, in the same group
    });

    const results = await Promise.allSettled([take('Z0', 'zed'), take('A1', 'alice'), failing(), take('C1', 'bob')]);

    // Z0 runs alone; the other three queue behind it and share one commit.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await owners()).toEqual(['A1:alice', 'C1:bob', 'Z0:zed']);
  });

  it('fails every caller of a group whose commit fails, and writes nothing of it', async () => {
    await take('X0', 'first');
    const runner = dataSource.createQueryRunner(); // SQLite's one connection, shared by every transaction
    const query = runner.query.bind(runner);
    const spy = jest.spyOn(runner, 'query').mockImplementation(async (sql: string, ...rest: unknown[]) => {
      if (sql === 'COMMIT') throw new Error('disk full');
      return query(sql, ...(rest as [unknown[]]));
    });

    const results = await Promise.allSettled([take('X1', 'a'), take('X2', 'b'), take('X3', 'c')]);
    spy.mockRestore();

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // X1 runs alone and X2, X3 queue behind it and share a commit: all three commits fail.
    expect(await owners()).toEqual(['X0:first']);
  });

  it('runs a transaction queued while a group commits in the next one', async () => {
    const first = Promise.all([take('D1', 'a'), take('D2', 'b')]);
    const later = first.then(() => take('D3', 'c'));

    await expect(later).resolves.toBe('c has D3');
    expect(await owners()).toEqual(['D1:a', 'D2:b', 'D3:c']);
  });
});
