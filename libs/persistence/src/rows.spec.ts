import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Column, DataSource, Entity, IsNull, PrimaryColumn, PrimaryGeneratedColumn, QueryRunner } from 'typeorm';
import { openDataSource } from './persistence.module';
import { rows } from './rows';
import { TransactionRunner } from './transaction-runner';
import { testMysqlServer } from './testing/mysql-server';
import { isUniqueViolation } from './driver-errors';

@Entity('rows_spec_item')
class ItemOrm {
  @PrimaryGeneratedColumn({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 36, unique: true }) code: string;
  @Column({ type: 'varchar', length: 40, name: 'item_label' }) label: string;
  @Column({ type: 'boolean', default: false }) flagged: boolean;
  @Column({ type: 'simple-json' }) tags: string[];
  @Column({ type: 'varchar', length: 30, nullable: true }) soldAt: string | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
}

@Entity('rows_spec_note')
class NoteOrm {
  @PrimaryGeneratedColumn({ type: 'int' }) id: number;
  /** Named as the item's column is, so an unqualified name in the statement would be ambiguous. */
  @Column({ type: 'varchar', length: 36 }) code: string;
  @Column({ type: 'varchar', length: 40, name: 'note_text' }) text: string;
  @Column({ type: 'simple-json' }) marks: number[];
}

@Entity('rows_spec_account')
class AccountOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 40, name: 'account_owner' }) owner: string;
  @Column({ type: 'simple-json' }) marks: number[];
  @Column({ type: 'int', default: 0 }) balance: number;
}

const server = testMysqlServer();
const mariadbName = `unit_rows_${randomUUID().slice(0, 8)}`;

describe.each([
  ['SQLite', 'sqlite::memory:'],
  ['MariaDB', `${server}/${mariadbName}`],
])('rows on %s', (kind, url) => {
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  const item = (code: string, more: Partial<ItemOrm> = {}): Partial<ItemOrm> => ({ code, label: `item ${code}`, tags: ['a', 'b'], soldAt: null, ...more });

  beforeAll(async () => {
    dataSource = await openDataSource({ url, entities: [ItemOrm, NoteOrm, AccountOrm] });
    transactions = new TransactionRunner(dataSource);
  });
  afterAll(async () => {
    if (kind === 'MariaDB') await dataSource.query(`DROP DATABASE IF EXISTS ${mariadbName}`);
    await dataSource.destroy();
  });

  it('inserts a row that TypeORM reads back with its own conversions and the defaults of columns left out', async () => {
    await transactions.run((manager) => rows.insert(manager, ItemOrm, item('one', { flagged: true })));

    const read = await dataSource.manager.findOneByOrFail(ItemOrm, { code: 'one' });
    expect(read).toMatchObject({ code: 'one', label: 'item one', flagged: true, tags: ['a', 'b'], soldAt: null, attempts: 0 });
    expect(read.seq).toBeGreaterThan(0);
  });

  it('finds a row as TypeORM would hydrate it, and null when none matches', async () => {
    await rows.insert(dataSource.manager, ItemOrm, item('two'));

    const found = await rows.findOne(dataSource.manager, ItemOrm, { code: 'two' });
    expect(found).toEqual(await dataSource.manager.findOneBy(ItemOrm, { code: 'two' }));
    expect(found).toMatchObject({ flagged: false, tags: ['a', 'b'], soldAt: null });
    expect(await rows.findOne(dataSource.manager, ItemOrm, { code: 'none' })).toBeNull();
  });

  it('finds the rows matching, null matched as IS NULL, in order and up to a limit, as TypeORM would hydrate them', async () => {
    await rows.insert(dataSource.manager, ItemOrm, [item('f-1', { attempts: 7 }), item('f-2', { attempts: 7, soldAt: 'x' }), item('f-3', { attempts: 7 }), item('f-4', { attempts: 7 })]);

    const found = await rows.find(dataSource.manager, ItemOrm, { attempts: 7, soldAt: null }, { orderBy: 'seq', limit: 2 });

    expect(found.map((row) => row.code)).toEqual(['f-1', 'f-3']);
    expect(found).toEqual(await dataSource.manager.find(ItemOrm, { where: { attempts: 7, soldAt: IsNull() }, order: { seq: 'ASC' }, take: 2 }));
    expect(await rows.find(dataSource.manager, ItemOrm, { attempts: 8 }, { orderBy: 'seq', limit: 2 })).toEqual([]);
  });

  it('inserts several rows in one statement', async () => {
    await transactions.run((manager) => rows.insert(manager, ItemOrm, [item('many-1'), item('many-2'), item('many-3')]));

    expect(await dataSource.manager.countBy(ItemOrm, { label: 'item many-2' })).toBe(1);
    expect((await dataSource.manager.findBy(ItemOrm, {})).filter((row) => row.code.startsWith('many-'))).toHaveLength(3);
  });

  it('updates only the rows matching, null matched as IS NULL, and counts them', async () => {
    await rows.insert(dataSource.manager, ItemOrm, [item('u-1'), item('u-2', { soldAt: '2026-01-01T00:00:00.000Z' })]);

    const changed = await transactions.run((manager) => rows.update(manager, ItemOrm, { label: 'item u-1', soldAt: null }, { flagged: true, tags: ['sold'] }));
    const none = await transactions.run((manager) => rows.update(manager, ItemOrm, { label: 'item u-2', soldAt: null }, { flagged: true }));

    expect([changed, none]).toEqual([1, 0]);
    expect(await dataSource.manager.findOneByOrFail(ItemOrm, { code: 'u-1' })).toMatchObject({ flagged: true, tags: ['sold'], label: 'item u-1' });
    expect(await dataSource.manager.findOneByOrFail(ItemOrm, { code: 'u-2' })).toMatchObject({ flagged: false, tags: ['a', 'b'] });
  });

  it('updates the rows whose key is in a list of any length, counting each row once', async () => {
    await rows.insert(dataSource.manager, ItemOrm, [item('in-1'), item('in-2'), item('in-3'), item('in-4')]);

    const three = await rows.updateIn(dataSource.manager, ItemOrm, 'code', ['in-1', 'in-2', 'in-3'], { attempts: 3 });
    const none = await rows.updateIn(dataSource.manager, ItemOrm, 'code', [], { attempts: 9 });

    expect([three, none]).toEqual([3, 0]);
    const attempts = (await dataSource.manager.findBy(ItemOrm, {})).filter((row) => row.code.startsWith('in-')).map((row) => `${row.code}:${row.attempts}`);
    expect(attempts.sort()).toEqual(['in-1:3', 'in-2:3', 'in-3:3', 'in-4:0']);
  });

  it('tells whether a row exists', async () => {
    await rows.insert(dataSource.manager, ItemOrm, item('here'));

    expect(await rows.exists(dataSource.manager, ItemOrm, { code: 'here' })).toBe(true);
    expect(await rows.exists(dataSource.manager, ItemOrm, { code: 'there' })).toBe(false);
  });

  it('fails a duplicate key as a unique violation and rolls back the transaction it ran in', async () => {
    await rows.insert(dataSource.manager, ItemOrm, item('dup'));

    const failed = await transactions.run(async (manager) => {
      await rows.insert(manager, ItemOrm, item('dup-other'));
      await rows.insert(manager, ItemOrm, item('dup'));
    }).catch((error: unknown) => error);

    expect(isUniqueViolation(failed)).toBe(true);
    expect(await rows.exists(dataSource.manager, ItemOrm, { code: 'dup-other' })).toBe(false);
  });

  it('inserts once: a duplicate key answers false, and the transaction it ran in still commits', async () => {
    const inserted = await transactions.run(async (manager) => [
      await rows.insertOnce(manager, ItemOrm, item('once')),
      await rows.insertOnce(manager, ItemOrm, item('once', { label: 'second' })),
      await rows.insertOnce(manager, ItemOrm, item('once-more')),
    ]);

    expect(inserted).toEqual([true, false, true]);
    expect((await rows.findOne(dataSource.manager, ItemOrm, { code: 'once' }))?.label).toBe('item once');
    expect(await rows.exists(dataSource.manager, ItemOrm, { code: 'once-more' })).toBe(true);
  });

  it('inserts or locks: a missing row is inserted and returned, an existing one returned as it stands', async () => {
    const account = (id: string, owner: string): AccountOrm => ({ id, owner, marks: [1], balance: 0 });
    await rows.insert(dataSource.manager, AccountOrm, { ...account('kept', 'ann'), marks: [7, 8], balance: 30 });

    const [inserted, kept] = await transactions.run(async (manager) => [
      await rows.insertOrLock(manager, AccountOrm, account('new', 'bob')),
      await rows.insertOrLock(manager, AccountOrm, account('kept', 'someone else')),
    ]);

    expect(inserted).toEqual({ id: 'new', owner: 'bob', marks: [1], balance: 0 });
    expect(kept).toEqual({ id: 'kept', owner: 'ann', marks: [7, 8], balance: 30 });
    expect(await dataSource.manager.findOneBy(AccountOrm, { id: 'kept' })).toEqual(kept);
    expect(await dataSource.manager.countBy(AccountOrm, { id: 'new' })).toBe(1);
  });

  it('inserts or locks: a second transaction waits for the first to commit and reads what it wrote', async () => {
    const start = (owner: string): AccountOrm => ({ id: 'contended', owner, marks: [], balance: 0 });
    let firstHasIt!: () => void;
    const firstLocked = new Promise<void>((resolve) => (firstHasIt = resolve));
    const first = transactions.run(async (manager) => {
      const row = await rows.insertOrLock(manager, AccountOrm, start('first'));
      firstHasIt();
      await sleep(200);
      await rows.update(manager, AccountOrm, { id: row.id }, { balance: row.balance + 10 });
    });
    await firstLocked;
    const second = transactions.run(async (manager) => {
      const row = await rows.insertOrLock(manager, AccountOrm, start('second'));
      await rows.update(manager, AccountOrm, { id: row.id }, { balance: row.balance + 5 });
      return row;
    });

    const [, seen] = await Promise.all([first, second]);

    expect(seen).toMatchObject({ owner: 'first', balance: 10 });
    expect((await dataSource.manager.findOneByOrFail(AccountOrm, { id: 'contended' })).balance).toBe(15);
  });

  it('inserts or locks in one statement, or in two where the server is MySQL, whose inserts return no rows', async () => {
    const mysqlAnswers = kind === 'MariaDB' ? [false, true] : [false];
    const counted: number[] = [];
    for (const asMysql of mysqlAnswers) {
      // A data source of its own, so the server is asked its version afresh.
      const fresh = await openDataSource({ url, entities: [ItemOrm, NoteOrm, AccountOrm] });
      try {
        counted.push(await new TransactionRunner(fresh).run(async (manager) => {
          // The statements skip query() (sqlite-statement.ts, mysql-statement.ts): count what the driver runs.
          const ran = kind === 'MariaDB' ? [mysqlStatementSpy(manager.queryRunner!, asMysql ? '8.4.3' : undefined)] : statementSpies(fresh);
          try {
            const row = await rows.insertOrLock(manager, AccountOrm, { id: `counted-${asMysql}`, owner: 'cid', marks: [], balance: 3 });
            expect(row).toEqual({ id: `counted-${asMysql}`, owner: 'cid', marks: [], balance: 3 });
            if (kind !== 'MariaDB') return ran.reduce((sum, calls) => sum + calls.mock.calls.length, 0);
            return ran[0].mock.calls.filter(([sql]) => !String(sql).startsWith('SELECT VERSION()')).length;
          } finally {
            ran.forEach((calls) => calls.mockRestore());
          }
        }));
      } finally {
        await fresh.destroy();
      }
    }

    expect(counted).toEqual(kind === 'MariaDB' ? [1, 2] : [1]);
  });

  it('inserts or locks only by a primary key that is the only unique key', async () => {
    const refused = await rows.insertOrLock(dataSource.manager, ItemOrm, { ...item('unique-code'), seq: 1 } as ItemOrm).catch((error: unknown) => error);

    expect(String(refused)).toContain('has a unique key besides its primary key');
  });

  it('reads a row for update inside a transaction', async () => {
    await rows.insert(dataSource.manager, ItemOrm, item('locked'));

    const found = await transactions.run((manager) => rows.findOne(manager, ItemOrm, { code: 'locked' }, { forUpdate: true }));

    expect(found?.label).toBe('item locked');
  });

  it('reads a row with its children in one statement, hydrated as TypeORM would, in the order asked', async () => {
    await rows.insert(dataSource.manager, ItemOrm, [item('parent', { tags: ['p'] }), item('childless')]);
    await rows.insert(dataSource.manager, NoteOrm, [
      { code: 'parent', text: 'b', marks: [2] },
      { code: 'parent', text: 'a', marks: [1, 1] },
      { code: 'other', text: 'c', marks: [] },
    ]);
    const join = { on: 'code', key: 'code', orderBy: ['text'] } as const;

    const found = await rows.findOneWithMany(dataSource.manager, ItemOrm, { code: 'parent' }, NoteOrm, join);
    const childless = await rows.findOneWithMany(dataSource.manager, ItemOrm, { code: 'childless' }, NoteOrm, join);
    const missing = await rows.findOneWithMany(dataSource.manager, ItemOrm, { code: 'missing' }, NoteOrm, join);

    expect(found?.row).toEqual(await dataSource.manager.findOneBy(ItemOrm, { code: 'parent' }));
    expect(found?.children.map(({ text, marks, code }) => ({ text, marks, code }))).toEqual([
      { text: 'a', marks: [1, 1], code: 'parent' },
      { text: 'b', marks: [2], code: 'parent' },
    ]);
    expect(childless).toEqual({ row: expect.objectContaining({ code: 'childless', tags: ['a', 'b'] }), children: [] });
    expect(missing).toBeNull();
  });

  it('refuses to read a row with its children by a where that could match several rows', async () => {
    const join = { on: 'code', key: 'code', orderBy: ['text'] } as const;

    await expect(rows.findOneWithMany(dataSource.manager, ItemOrm, { label: 'item parent' }, NoteOrm, join)).rejects.toThrow(
      'findOneWithMany: ItemOrm where label does not name one row by a unique key',
    );
    // The primary key and the unique code each name one row.
    await expect(rows.findOneWithMany(dataSource.manager, ItemOrm, { seq: 1 }, NoteOrm, join)).resolves.toMatchObject({ row: { seq: 1 } });
    await expect(rows.findOneWithMany(dataSource.manager, ItemOrm, { code: 'missing' }, NoteOrm, join)).resolves.toBeNull();
  });
});

type SendsStatements = { query(sql: string, values: unknown, done: (error: Error | null, raw: unknown) => void): unknown };

/**
 * The statements sent on a MariaDB query runner's connection, by TypeORM's query() or past it;
 * with `version`, the server answers SELECT VERSION() with it.
 */
function mysqlStatementSpy(runner: QueryRunner, version?: string): jest.SpyInstance {
  const connection = (runner as unknown as { databaseConnection: SendsStatements }).databaseConnection;
  const send = connection.query.bind(connection);
  return jest.spyOn(connection, 'query').mockImplementation((sql, values, done) =>
    version && sql.startsWith('SELECT VERSION()') ? done(null, [{ version }]) : send(sql, values, done));
}

/** Spies on every statement better-sqlite3 runs or reads for a data source. */
function statementSpies(dataSource: DataSource): jest.SpyInstance[] {
  const database = (dataSource.driver as { databaseConnection?: { prepare(sql: string): object } }).databaseConnection!;
  const statement = Object.getPrototypeOf(database.prepare('SELECT 1')) as { run(): unknown; all(): unknown };
  return [jest.spyOn(statement, 'run'), jest.spyOn(statement, 'all')];
}
