// CPU a MariaDB transaction costs the app's process: the hot path's statements (rows.*) and
// transactions (TransactionRunner.run) sent straight on mysql2 (libs/persistence/src/mysql-statement.ts)
// against the same work through TypeORM's query() and transactions, in one process, rounds
// alternating. MariaDB's own CPU is not counted; the process's is (process.cpuUsage), with
// AsyncLocalStorage on as in the apps, so that every promise pays Node's promise hooks.
//
// npm run build && node bench/mysql-statements.mjs      (TEST_MYSQL_URL, BENCH_ROUNDS=6, BENCH_TRANSACTIONS=1500)
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { round } from './lib/load.mjs';
import { root } from './lib/paths.mjs';
import { mysqlServer } from './lib/platform.mjs';
import { median, signTest } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const { EntitySchema } = require('typeorm');
const { openDataSource, rows, TransactionRunner } = require(join(root, 'dist/libs/persistence/src/index.js'));
const { AsyncValue, asyncContext } = require(join(root, 'dist/libs/runtime/src/logging/async-value.js'));

const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const transactions = Number(process.env.BENCH_TRANSACTIONS ?? 1500);
const database = `bench_mysql_statements_${process.pid}`;

/** An inbox row and a projection row, as a consumer writes them. */
const Item = new EntitySchema({
  name: 'StatementBenchItem',
  tableName: 'statement_bench_item',
  columns: { id: { type: 'varchar', length: 36, primary: true }, owner: { type: 'varchar', length: 36 }, version: { type: 'int' } },
});

const dataSource = await openDataSource({ url: `${mysqlServer}/${database}`, entities: [Item], poolSize: 4 });
const runner = new TransactionRunner(dataSource);
asyncContext.enable();
const context = new AsyncValue('bench.request');

/** One consumer-like transaction: insert, lock and read back, update. */
const work = () =>
  runner.run(async (manager) => {
    const id = randomUUID();
    await rows.insert(manager, Item, { id, owner: 'bench', version: 1 });
    await rows.findOne(manager, Item, { id }, { forUpdate: true });
    await rows.update(manager, Item, { id }, { version: 2 });
  });

/** CPU microseconds a transaction, `viaTypeorm` turning the direct path off as a slow-query limit does. */
async function measure(viaTypeorm) {
  Object.assign(dataSource.options, { maxQueryExecutionTime: viaTypeorm ? 60_000 : undefined });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await context.run({ round: viaTypeorm ? 'typeorm' : 'direct' }, async () => {
    for (let i = 0; i < transactions; i++) await work();
  });
  const used = process.cpuUsage(cpu);
  return { cpuMicroseconds: round((used.user + used.system) / transactions, 1), wallMicroseconds: round(((performance.now() - started) * 1000) / transactions, 1) };
}

try {
  await measure(false);
  await measure(true);
  const results = [];
  for (let number = 1; number <= rounds; number++) {
    const order = number % 2 ? [true, false] : [false, true];
    const pair = {};
    for (const viaTypeorm of order) pair[viaTypeorm ? 'typeorm' : 'direct'] = await measure(viaTypeorm);
    results.push(pair);
    console.log(`round ${number}: through TypeORM ${pair.typeorm.cpuMicroseconds} µs CPU a transaction, direct ${pair.direct.cpuMicroseconds} µs, direct/TypeORM ${round(pair.direct.cpuMicroseconds / pair.typeorm.cpuMicroseconds, 3)}`);
  }
  const ratios = results.map((pair) => pair.direct.cpuMicroseconds / pair.typeorm.cpuMicroseconds);
  const lower = ratios.filter((ratio) => ratio < 1).length;
  const higher = ratios.filter((ratio) => ratio > 1).length;
  console.log(
    `${transactions} transactions a round of three statements each (insert, select for update, update), ${rounds} rounds\n` +
      `median CPU µs a transaction: through TypeORM ${round(median(results.map((pair) => pair.typeorm.cpuMicroseconds)))}, direct ${round(median(results.map((pair) => pair.direct.cpuMicroseconds)))}; ` +
      `direct/TypeORM per round from ${round(Math.min(...ratios), 3)} to ${round(Math.max(...ratios), 3)}, lower in ${lower} of ${rounds} (sign test p = ${round(signTest(lower, higher), 2)})`,
  );
} finally {
  await dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await dataSource.destroy();
}
