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
});
