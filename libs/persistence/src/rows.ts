import { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { QueryResult } from 'typeorm/query-runner/QueryResult';
import { runOnMysql } from './mysql-statement';
import { runOnSqlite } from './sqlite-statement';
import { isUniqueViolation } from './driver-errors';

/**
 * Plain statements for the hot path. TypeORM's insert, update and findOneBy build their SQL
 * with the query builder on every call, and insert then selects the generated columns back:
 * on a booking that was more CPU than the database work itself (docs/performance-journal.md). These
 * build each statement once per entity and column set, from the same metadata (table and
 * column names, value conversion), and run it on the caller's transaction.
 */
export const rows = {
  /** Inserts one or more rows; columns left undefined take their database default. */
  async insert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, values: Partial<T> | Partial<T>[]): Promise<void> {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) return;
    const table = tableOf(manager, target);
    const columns = table.metadata.columns.filter((column) => list[0][column.propertyName] !== undefined);
    const sql = table.cached(`insert:${list.length}:${columns.map((column) => column.propertyName).join()}`, () => table.insertInto(columns, list.length));
    await run(manager, sql, list.flatMap((row) => columns.map((column) => table.persist(column, row[column.propertyName]))));
  },

  /**
   * Inserts one row unless a unique key already holds it: false then. The refused insert fails
   * only its own statement, on MariaDB and SQLite alike, so the caller's transaction goes on.
   */
  async insertOnce<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, values: Partial<T>): Promise<boolean> {
    try {
      await rows.insert(manager, target, values);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  },

  /**
   * The row with `values`' primary key as it stands, inserted from `values` first if there is
   * none, and on MariaDB or MySQL locked until the transaction ends: the upsert that changes
   * nothing takes the row's exclusive lock at once, where INSERT IGNORE would take a shared one
   * and two of those deadlock on the way to an update. One statement where an insert can return
   * the row (SQLite, MariaDB 10.5 and later); MySQL reads it back FOR UPDATE.
   */
  async insertOrLock<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, values: T): Promise<T> {
    const table = tableOf(manager, target);
    const columns = table.metadata.columns.filter((column) => values[column.propertyName] !== undefined);
    const params = columns.map((column) => table.persist(column, values[column.propertyName]));
    const returning = await table.insertReturns(manager);
    const sql = table.cached(`insertOrLock:${returning}:${columns.map((column) => column.propertyName).join()}`, () => {
      const keys = table.primaryKeyOnly().map((column) => table.quote(column.databaseName));
      const insert = table.insertInto(columns, 1);
      const keep = table.isMysql ? ` ON DUPLICATE KEY UPDATE ${keys[0]} = ${keys[0]}` : ` ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${keys[0]} = ${keys[0]}`;
      return `${insert}${keep}${returning ? ` RETURNING ${table.selectList()}` : ''}`;
    });
    const result = await run(manager, sql, params);
    if (returning) return table.hydrate(result.records[0] as Record<string, unknown>);
    const key = Object.fromEntries(table.metadata.primaryColumns.map((column) => [column.propertyName, values[column.propertyName]])) as Partial<T>;
    const locked = await rows.findOne(manager, target, key, { forUpdate: true });
    if (!locked) throw new Error(`${table.metadata.name}: the row is missing right after its upsert`);
    return locked;
  },

  /** Updates the rows matching `where` (equality, null as IS NULL); resolves with how many changed. */
  async update<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, where: Partial<T>, changes: Partial<T>): Promise<number> {
    const table = tableOf(manager, target);
    const set = table.assignments(changes);
    const condition = table.where(where);
    const sql = table.cached(`update:${set.key}:${condition.key}`, () => `UPDATE ${table.name} SET ${set.sql} WHERE ${condition.sql}`);
    const result = await run(manager, sql, [...set.params, ...condition.params]);
    return result.affected ?? 0;
  },

  /**
   * Updates the rows whose `property` is one of `values`; resolves with how many changed. The list
   * is padded to a power of two with its last value, so a few statements serve every list length
   * (SQLite compiles each distinct statement, and keeps only so many).
   */
  async updateIn<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, property: keyof T & string, values: unknown[], changes: Partial<T>): Promise<number> {
    if (values.length === 0) return 0;
    const table = tableOf(manager, target);
    const set = table.assignments(changes);
    const column = table.column(property);
    const size = 2 ** Math.ceil(Math.log2(values.length));
    const padded = [...values, ...Array<unknown>(size - values.length).fill(values[values.length - 1])];
    const sql = table.cached(`updateIn:${set.key}:${property}:${size}`, () =>
      `UPDATE ${table.name} SET ${set.sql} WHERE ${table.quote(column.databaseName)} IN (${padded.map(() => '?').join(', ')})`,
    );
    const result = await run(manager, sql, [...set.params, ...padded.map((value) => table.persist(column, value))]);
    return result.affected ?? 0;
  },

  /** The first row matching `where`, or null; `forUpdate` locks it until the transaction ends where the database can. */
  async findOne<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, where: Partial<T>, options: { forUpdate?: boolean } = {}): Promise<T | null> {
    const table = tableOf(manager, target);
    const condition = table.where(where);
    const lock = options.forUpdate && table.isMysql ? ' FOR UPDATE' : '';
    const sql = table.cached(`select:${condition.key}${lock}`, () =>
      `SELECT ${table.selectList()} FROM ${table.name} WHERE ${condition.sql} LIMIT 1${lock}`,
    );
    const found = (await run(manager, sql, condition.params)).records[0] as Record<string, unknown> | undefined;
    return found ? table.hydrate(found) : null;
  },

  /** The rows matching `where`, ascending by `orderBy`, at most `limit` of them. */
  async find<T extends ObjectLiteral>(
    manager: EntityManager,
    target: EntityTarget<T>,
    where: Partial<T>,
    options: { orderBy: keyof T & string; limit: number },
  ): Promise<T[]> {
    const table = tableOf(manager, target);
    const condition = table.where(where);
    const sql = table.cached(`find:${condition.key}:${options.orderBy}`, () =>
      `SELECT ${table.selectList()} FROM ${table.name} WHERE ${condition.sql} ORDER BY ${table.quote(table.column(options.orderBy).databaseName)} LIMIT ?`,
    );
    const found = (await run(manager, sql, [...condition.params, options.limit])).records as Record<string, unknown>[];
    return found.map((row) => table.hydrate(row));
  },

  /**
   * The row `where` names by a unique key, with every row of `child` whose `join.on` equals its
   * `join.key`, ordered by `join.orderBy`; null if there is no such row. One statement, so one
   * snapshot without a transaction (two reads would need one, and its BEGIN and COMMIT are two more
   * round trips on MariaDB). A `where` that does not cover the primary key or a unique key is
   * refused: it could match several rows and mix their children.
   */
  async findOneWithMany<P extends ObjectLiteral, C extends ObjectLiteral>(
    manager: EntityManager,
    parent: EntityTarget<P>,
    where: Partial<P>,
    child: EntityTarget<C>,
    join: { on: keyof C & string; key: keyof P & string; orderBy: readonly (keyof C & string)[] },
  ): Promise<{ row: P; children: C[] } | null> {
    const [one, many] = [tableOf(manager, parent), tableOf(manager, child)];
    const condition = one.where(where, 'p');
    // Checked once per statement built: the answer depends only on which columns `where` fixes, as the cache key does.
    const sql = one.cached(`withMany:${many.name}:${condition.key}:${join.on}:${join.key}:${join.orderBy.join()}`, () => {
      if (!one.namesOneRow(where)) throw new Error(`findOneWithMany: ${one.metadata.name} where ${condition.key} does not name one row by a unique key`);
      const columns = [...one.selectList('p'), ...many.selectList('c')].join(', ');
      const on = `c.${many.quote(many.column(join.on).databaseName)} = p.${one.quote(one.column(join.key).databaseName)}`;
      const order = join.orderBy.map((property) => `c.${many.quote(many.column(property).databaseName)}`).join(', ');
      return `SELECT ${columns} FROM ${one.name} p LEFT JOIN ${many.name} c ON ${on} WHERE ${condition.sql} ORDER BY ${order}`;
    });
    const found = (await run(manager, sql, condition.params)).records as Record<string, unknown>[];
    if (found.length === 0) return null;
    const childKey = many.metadata.primaryColumns[0].databaseName;
    return {
      row: one.hydrate(found[0], 'p'),
      // A row without children still comes back once, its child's columns all null.
      children: found.filter((raw) => raw[`c_${childKey}`] !== null).map((raw) => many.hydrate(raw, 'c')),
    };
  },

  /** Whether a row matches `where`. */
  async exists<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, where: Partial<T>): Promise<boolean> {
    const { sql, params } = rows.existsQuery(manager, target, where);
    return (await run(manager, sql, params)).records.length > 0;
  },

  /** The statement `exists` runs, for a caller that runs it inside one of its own (as `exclusively` does). */
  existsQuery<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, where: Partial<T>): Query {
    const table = tableOf(manager, target);
    const condition = table.where(where);
    const sql = table.cached(`exists:${condition.key}`, () => `SELECT 1 AS found FROM ${table.name} WHERE ${condition.sql} LIMIT 1`);
    return { sql, params: condition.params };
  },
};

/** Runs on the transaction's query runner, or on one of its own outside a transaction (as manager.query does). */
async function run(manager: EntityManager, sql: string, params: unknown[]): Promise<QueryResult> {
  const done = runOnSqlite(manager, sql, params) ?? runOnMysql(manager, sql, params);
  if (done) return done;
  if (manager.queryRunner) return manager.queryRunner.query(sql, params, true);
  const runner = manager.connection.createQueryRunner();
  try {
    return await runner.query(sql, params, true);
  } finally {
    await runner.release();
  }
}

/** One entity's table on one data source: names, conversions and the statements built so far. */
class Table<T extends ObjectLiteral> {
  readonly name: string;
  readonly isMysql: boolean;
  private readonly statements = new Map<string, string>();
  private readonly columns: Map<string, ColumnMetadata>;

  constructor(
    private readonly dataSource: DataSource,
    readonly metadata: EntityMetadata,
  ) {
    this.name = this.quote(metadata.tableName);
    this.isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
    this.columns = new Map(metadata.columns.map((column) => [column.propertyName, column]));
  }

  quote(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  /** Every column, quoted, as a SELECT lists them; with an alias, as `alias.column AS alias_column`. */
  selectList(): string;
  selectList(alias: string): string[];
  selectList(alias?: string): string | string[] {
    if (alias === undefined) return this.metadata.columns.map((column) => this.quote(column.databaseName)).join(', ');
    return this.metadata.columns.map((column) => `${alias}.${this.quote(column.databaseName)} AS ${this.quote(`${alias}_${column.databaseName}`)}`);
  }

  /** `INSERT INTO t (a, b) VALUES (?, ?), …` for `rowCount` rows of these columns. */
  insertInto(columns: ColumnMetadata[], rowCount: number): string {
    const one = `(${columns.map(() => '?').join(', ')})`;
    return `INSERT INTO ${this.name} (${columns.map((column) => this.quote(column.databaseName)).join(', ')}) VALUES ${Array(rowCount).fill(one).join(', ')}`;
  }

  /** Whether `where` fixes every column of the primary key or of a unique key, so at most one row matches it. */
  namesOneRow(where: Partial<T>): boolean {
    const fixed = (column: ColumnMetadata) => where[column.propertyName] !== undefined && where[column.propertyName] !== null;
    const keys = [
      this.metadata.primaryColumns,
      ...this.metadata.uniques.map((unique) => unique.columns),
      ...this.metadata.indices.filter((index) => index.isUnique).map((index) => index.columns),
    ];
    return keys.some((columns) => columns.length > 0 && columns.every(fixed));
  }

  /**
   * Whether an INSERT here can end in RETURNING: SQLite (3.35 and later, bundled) and MariaDB 10.5
   * and later, not MySQL. TypeORM keeps only the version's digits, so the server is asked once.
   */
  insertReturns(manager: EntityManager): Promise<boolean> {
    if (!this.isMysql) return Promise.resolve(true);
    let answer = returningInserts.get(this.dataSource);
    if (!answer) {
      answer = run(manager, 'SELECT VERSION() AS version', []).then(({ records }) => {
        const version = String((records[0] as { version: unknown }).version);
        const [major, minor] = version.split('.').map(Number);
        return /mariadb/i.test(version) && (major > 10 || (major === 10 && minor >= 5));
      });
      answer.catch(() => returningInserts.delete(this.dataSource));
      returningInserts.set(this.dataSource, answer);
    }
    return answer;
  }

  /**
   * The primary key's columns, for an upsert keyed by them. MariaDB's upsert fires on any unique
   * key and SQLite's on the one named, so a table with another unique key is refused.
   */
  primaryKeyOnly(): ColumnMetadata[] {
    if (this.metadata.uniques.length > 0 || this.metadata.indices.some((index) => index.isUnique)) {
      throw new Error(`${this.metadata.name} has a unique key besides its primary key; an upsert by primary key would not be one on every database`);
    }
    return this.metadata.primaryColumns;
  }

  cached(key: string, build: () => string): string {
    let sql = this.statements.get(key);
    if (sql === undefined) {
      sql = build();
      this.statements.set(key, sql);
    }
    return sql;
  }

  column(propertyName: string): ColumnMetadata {
    const column = this.columns.get(propertyName);
    if (!column) throw new Error(`${this.metadata.name} has no column ${propertyName}`);
    return column;
  }

  persist(column: ColumnMetadata, value: unknown): unknown {
    const transformed = column.transformer ? column.getEntityValue({ [column.propertyName]: value }, true) : value;
    return this.dataSource.driver.preparePersistentValue(transformed, column);
  }

  /** `a = ?, b = ?` for the defined changes. */
  assignments(changes: Partial<T>): Clause {
    const keys = Object.keys(changes).filter((key) => changes[key] !== undefined);
    return {
      sql: keys.map((key) => `${this.quote(this.column(key).databaseName)} = ?`).join(', '),
      key: keys.join(),
      params: keys.map((key) => this.persist(this.column(key), changes[key])),
    };
  }

  /** `a = ? AND b IS NULL` for the defined conditions; with an alias, `alias.a = ? …`. */
  where(where: Partial<T>, alias?: string): Clause {
    const keys = Object.keys(where).filter((key) => where[key] !== undefined);
    const prefix = alias === undefined ? '' : `${alias}.`;
    const parts = keys.map((key) => `${prefix}${this.quote(this.column(key).databaseName)} ${where[key] === null ? 'IS NULL' : '= ?'}`);
    return {
      sql: parts.join(' AND '),
      key: keys.map((key) => (where[key] === null ? `${key}=null` : key)).join(),
      params: keys.filter((key) => where[key] !== null).map((key) => this.persist(this.column(key), where[key])),
    };
  }

  /** The entity of a row as the database returned it; with an alias, of the columns `selectList(alias)` named. */
  hydrate(raw: Record<string, unknown>, alias?: string): T {
    const entity: Record<string, unknown> = {};
    const prefix = alias === undefined ? '' : `${alias}_`;
    for (const column of this.metadata.columns) {
      const value = this.dataSource.driver.prepareHydratedValue(raw[prefix + column.databaseName], column);
      entity[column.propertyName] = column.transformer ? transformFrom(column.transformer, value) : value;
    }
    return entity as T;
  }
}

/** A statement and its parameters. */
export interface Query {
  sql: string;
  params: unknown[];
}

/** Part of a statement: its SQL, what tells it apart in the cache, and its parameters. */
interface Clause {
  sql: string;
  key: string;
  params: unknown[];
}

type Transformer = NonNullable<ColumnMetadata['transformer']>;

function transformFrom(transformer: Transformer, value: unknown): unknown {
  return Array.isArray(transformer) ? transformer.reduceRight((acc, one) => one.from(acc), value) : transformer.from(value);
}

const tables = new WeakMap<DataSource, Map<EntityMetadata, Table<ObjectLiteral>>>();
const returningInserts = new WeakMap<DataSource, Promise<boolean>>();

function tableOf<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>): Table<T> {
  const dataSource = manager.connection;
  let byEntity = tables.get(dataSource);
  if (!byEntity) tables.set(dataSource, (byEntity = new Map()));
  const metadata = dataSource.getMetadata(target);
  let table = byEntity.get(metadata);
  if (!table) byEntity.set(metadata, (table = new Table(dataSource, metadata)));
  return table as Table<T>;
}
