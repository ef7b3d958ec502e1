// npm run bench                 every benchmark but instructions, in order (about 18 minutes)
// npm run bench -- throughput   one or more by name
// npm run bench -- instructions instructions a booking, counted under valgrind (10 minutes or more)
// BENCH_SECONDS=5 npm run bench -- throughput   shorter runs while developing
// BENCH_MODES=embedded          only one mode where a benchmark runs both
// BENCH_CPU_PROFILE=1           throughput: write a CPU profile of each app process to data/bench-profiles/
// BENCH_HEAP_PROFILE=1          throughput: sample every thread's allocations while the bookings run
//                               (data/bench-profiles/heap-<mode>/; node bench/heap-summary.mjs <that folder>)
// BENCH_CONSUMER_NICENESS=10    latency: ticket, my page and notification under nice -n 10 (distributed)
// BENCH_SPANS_FILE=/tmp/spans.ndjson  lag: also write every span the apps exported, one JSON per line
// BENCH_CONNECTIONS=8           throughput: connections instead of 64 (the targets are at 64)
//
// Runs the compiled apps from dist/ (npm run build first). Distributed runs need MariaDB
// (TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306) and Kafka (KAFKA_BROKERS, npm run kafka:start).
// BENCH_APP_ROOT=/path/to/worktree runs that checkout's dist/ instead (to measure a change).
// Uses ports 19000-19099, databases bench_*, and Kafka topics under the namespace bench.<pid>.*.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './lib/platform.mjs';
import { loadAverage, loadResult, machine, saveResult, writeSection } from './lib/report.mjs';
import * as overload from './overload.mjs';
import * as throughput from './throughput.mjs';
import * as contention from './contention.mjs';
import * as lag from './lag.mjs';
import * as rebuild from './rebuild.mjs';
import * as memory from './memory.mjs';
import * as cost from './cost.mjs';
import * as resilience from './resilience.mjs';
import * as latency from './latency.mjs';
import * as instructions from './instructions.mjs';

const benchmarks = [overload, throughput, contention, lag, rebuild, memory, cost, resilience, latency, instructions];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !benchmarks.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${benchmarks.map((bench) => bench.name).join(', ')}.`);
  process.exit(2);
}
if (!existsSync(join(appRoot, 'dist', 'apps', 'embedded', 'src', 'main.js'))) {
  console.error('dist/ is missing: run npm run build first.');
  process.exit(2);
}

const options = {
  ...(process.env.BENCH_SECONDS ? { seconds: Number(process.env.BENCH_SECONDS) } : {}),
  ...(process.env.BENCH_MODES ? { modes: process.env.BENCH_MODES.split(',') } : {}),
  cpuProfile: process.env.BENCH_CPU_PROFILE === '1',
  heapProfile: process.env.BENCH_HEAP_PROFILE === '1',
};

const chosen = (bench) => (asked.length === 0 ? !bench.onlyWhenNamed : asked.includes(bench.name));
for (const bench of benchmarks.filter(chosen)) {
  console.log(`\n== ${bench.name} ==`);
  const loadAverageAtStart = loadAverage();
  const startedAt = new Date().toISOString();
  const figures = await bench.run(options);
  const envPrefix = ['BENCH_SECONDS', 'BENCH_MODES', 'BENCH_CPU_PROFILE', 'BENCH_HEAP_PROFILE', 'BENCH_CONSUMER_NICENESS', 'BENCH_CONNECTIONS', 'BENCH_INSTRUCTIONS_BOOKINGS', 'BENCH_INSTRUCTIONS_WARM_UP', 'BENCH_INSTRUCTIONS_ENV', 'BENCH_INSTRUCTIONS_NODE_ARGS']
    .filter((key) => process.env[key])
    .map((key) => `${key}=${/\s/.test(process.env[key]) ? `"${process.env[key]}"` : process.env[key]} `)
    .join('');
  const result = {
    ...figures,
    machine: machine(),
    loadAverageAtStart,
    startedAt,
    finishedAt: new Date().toISOString(),
    command: `${envPrefix}npm run bench -- ${bench.name}`,
    appCommit: execSync('git rev-parse --short HEAD', { cwd: appRoot, encoding: 'utf8' }).trim() + (appRoot === process.cwd() ? '' : ' (clean worktree build)'),
  };
  saveResult(bench.name, result);
  writeSection(bench.name, bench.render(result));
  console.log(bench.summary?.(result) ?? '');
}

// Sections of benchmarks not run this time are rendered again from their stored figures.
for (const bench of benchmarks) {
  const stored = loadResult(bench.name);
  if (stored && asked.length > 0 && !asked.includes(bench.name)) writeSection(bench.name, bench.render(stored));
}
const info = machine();
writeSection(
  'machine',
  `${info.nproc} cores (\`nproc\`), ${info.cpu}; memory (\`free -h\`): ${info.memory}; Node ${info.node}; autocannon ${info.autocannon}.`,
);
console.log('\nFigures written to docs/benchmarks.md and docs/bench/.');
