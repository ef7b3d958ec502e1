// Did a change gain anything? Runs the throughput benchmark on two builds in turn, several rounds,
// and compares each round's pair: on a shared machine one build's runs vary by ±15 % within
// minutes, so single runs, or runs of one build after the other, cannot tell a 5 % change.
//
// npm run bench:ab -- <base>              this checkout's dist/ (the candidate) against <base>'s build
// npm run bench:ab -- <base> <candidate>  two commits; either may be "." for this checkout's dist/
// BENCH_AB_ENV="OUTBOX_LINGER_MS=0"       settings for the candidate's apps only (with base ".", one build, two settings)
// BENCH_AB_NODE_ARGS="--max-semi-space-size=64"  node flags for the candidate's processes only
// BENCH_AB_ROUNDS=6 BENCH_SECONDS=15 BENCH_MODES=embedded (one mode) are the defaults.
// BENCH_AB_METRIC=instructions            instead of rates, instructions a booking counted under valgrind
//                                          (bench/instructions.mjs): both builds at once, one run each,
//                                          since a count does not depend on the machine's speed
//
// A commit is checked out into data/bench-ab/<commit> (a git worktree sharing node_modules) and
// built there; the worktree is removed afterwards. Each round runs both builds, in alternating
// order so that a machine slowing down does not favour either. Figures go to data/bench-ab/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './lib/load.mjs';
import { root } from './lib/paths.mjs';
import { appSettings, words } from './lib/settings.mjs';
import { median, signTest } from './lib/stats.mjs';
import { countInstructions, instructionSettings } from './instructions.mjs';
import { bookings } from './throughput.mjs';

const [baseRef, candidateRef = '.'] = process.argv.slice(2);
if (!baseRef) {
  console.error('usage: npm run bench:ab -- <base commit or "."> [<candidate commit or ".">]');
  process.exit(2);
}
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const mode = process.env.BENCH_MODES ?? 'embedded';
if (!['embedded', 'distributed'].includes(mode)) {
  console.error(`BENCH_MODES must be one mode, embedded or distributed, not ${mode}`);
  process.exit(2);
}
const candidateEnv = appSettings('BENCH_AB_ENV');
const candidateNodeArgs = words('BENCH_AB_NODE_ARGS');
const metric = process.env.BENCH_AB_METRIC ?? 'rate';
if (!['rate', 'instructions'].includes(metric)) {
  console.error(`BENCH_AB_METRIC must be rate or instructions, not ${metric}`);
  process.exit(2);
}

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const worktrees = [];

/** The checkout whose dist/ runs for `ref`: this one for ".", else a fresh worktree built at that commit. */
function checkout(ref) {
  if (ref === '.') {
    if (!existsSync(join(root, 'dist', 'apps', 'embedded', 'src', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');
    return { label: `this checkout (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' + changes' : ''})`, appRoot: root };
  }
  const commit = git('rev-parse', '--short', `${ref}^{commit}`);
  const dir = join(root, 'data', 'bench-ab', commit);
  if (!existsSync(dir)) {
    git('worktree', 'add', '--detach', dir, commit);
    worktrees.push(dir);
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  console.log(`building ${commit} in ${dir}`);
  try {
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
  } catch {
    throw new Error(`npm run build failed for ${commit}; run it in ${dir} to see why`);
  }
  return { label: commit, appRoot: dir };
}

async function measure(side) {
  const result = await bookings(mode, seconds, { appRoot: side.appRoot, env: side.env, nodeArgs: side.nodeArgs });
  return {
    bookingsPerSecond: result.bookingsPerSecond,
    p99: result.load.latency.p99,
    cpuMsPerBooking: result.cpuMsPerRequest,
    // Distributed: which app a change moved.
    cpuMsPerBookingByApp: result.cpuMsPerRequestByApp,
  };
}

try {
  const base = { ...checkout(baseRef), env: {}, nodeArgs: [] };
  const candidate = { ...checkout(candidateRef), env: candidateEnv, nodeArgs: candidateNodeArgs };
  const settings = [...Object.entries(candidateEnv).map(([key, value]) => `${key}=${value}`), ...candidateNodeArgs].join(' ');
  if (settings) candidate.label += ` with ${settings}`;
  if (metric === 'instructions') await compareInstructions(base, candidate);
  else await compareRates(base, candidate);
} finally {
  for (const dir of worktrees) git('worktree', 'remove', '--force', dir);
}

/** Throughput rounds of both builds in turn, alternating which goes first. */
async function compareRates(base, candidate) {
  console.log(`A: ${base.label}\nB: ${candidate.label}\n${rounds} rounds of ${seconds} s each, ${mode}, 64 connections`);

  const results = [];
  for (let number = 1; number <= rounds; number++) {
    const order = number % 2 ? ['A', 'B'] : ['B', 'A'];
    const pair = {};
    for (const side of order) pair[side] = await measure(side === 'A' ? base : candidate);
    const ratio = pair.B.bookingsPerSecond / pair.A.bookingsPerSecond;
    results.push({ round: number, order: order.join(''), A: pair.A, B: pair.B, ratio });
    console.log(
      `round ${number} (${order.join(' then ')}): A ${pair.A.bookingsPerSecond}/s ${pair.A.cpuMsPerBooking} ms CPU, ` +
        `B ${pair.B.bookingsPerSecond}/s ${pair.B.cpuMsPerBooking} ms CPU, B/A ${round(ratio, 2)}`,
    );
  }

  const ratios = results.map((result) => result.ratio);
  const faster = ratios.filter((ratio) => ratio > 1).length;
  const slower = ratios.filter((ratio) => ratio < 1).length;
  const signTestP = signTest(faster, slower);
  const medianOf = (side, figure) => round(median(results.map((result) => result[side][figure])), 2);
  const summary = {
    A: base.label,
    B: candidate.label,
    mode,
    seconds,
    rounds: results,
    medianBookingsPerSecond: { A: medianOf('A', 'bookingsPerSecond'), B: medianOf('B', 'bookingsPerSecond') },
    medianCpuMsPerBooking: { A: medianOf('A', 'cpuMsPerBooking'), B: medianOf('B', 'cpuMsPerBooking') },
    medianRatio: round(median(ratios), 2),
    ratioRange: [round(Math.min(...ratios), 2), round(Math.max(...ratios), 2)],
    roundsBFaster: faster,
    roundsBSlower: slower,
    signTestP: round(signTestP, 2),
    finishedAt: new Date().toISOString(),
  };
  const file = saveSummary('ab', summary);
  console.log(
    `\nmedian bookings/s: A ${summary.medianBookingsPerSecond.A}, B ${summary.medianBookingsPerSecond.B}; ` +
      `median CPU ms a booking: A ${summary.medianCpuMsPerBooking.A}, B ${summary.medianCpuMsPerBooking.B}\n` +
      `B/A per round: median ${summary.medianRatio}, from ${summary.ratioRange[0]} to ${summary.ratioRange[1]}; ` +
      `B faster in ${faster} of ${rounds} rounds, slower in ${slower} (sign test p = ${summary.signTestP}: ` +
      `${signTestP < 0.05 ? `B is ${faster > slower ? 'faster' : 'slower'}` : 'no difference shown'})\n${file}`,
  );
}

/** Both builds under callgrind at once, a core each: counts do not depend on what else runs. */
async function compareInstructions(base, candidate) {
  const { bookings: bookingsCount, warmUp, apps } = instructionSettings();
  const counted = apps.length > 0 ? ` (${apps.join(', ')} counted)` : '';
  console.log(`A: ${base.label}\nB: ${candidate.label}\ninstructions a booking under callgrind, ${mode}${counted}, ${bookingsCount} bookings after ${warmUp}`);
  const count = (side, label, basePort) =>
    countInstructions({ mode, bookings: bookingsCount, warmUp, apps, appRoot: side.appRoot, env: side.env, nodeArgs: side.nodeArgs, suite: `ab-instructions-${label}`, basePort });
  const [A, B] = await Promise.all([count(base, 'a', 19040), count(candidate, 'b', 19050)]);
  const platform = (run) => run.millionInstructionsPerBooking.platform;
  const summary = {
    A: base.label,
    B: candidate.label,
    mode,
    metric,
    results: { A, B },
    platformRatio: round(platform(B) / platform(A), 3),
    finishedAt: new Date().toISOString(),
  };
  const file = saveSummary('ab-instructions', summary);
  const describe = (run) =>
    `${platform(run)} the platform's own (${Object.entries(run.platformMillionInstructionsPerBookingByApp).map(([app, value]) => `${app} ${value}`).join(', ')}), ` +
    `${run.millionInstructionsPerBooking.gc} garbage collector, ${run.millionInstructionsPerBooking.compiler} optimizing compiler; ` +
    `${run.measuredSeconds} s measured, then ${run.idleAfterPlatformMillionInstructionsPerSecond} million of the platform's own a second idle`;
  console.log(
    `\nmillion instructions a booking\nA: ${describe(A)}\nB: ${describe(B)}\n` +
      `B/A, the platform's own: ${summary.platformRatio} (runs of one build differ by up to 3 % embedded, by a tenth for a distributed consumer; docs/benchmarks.md)\n${file}`,
  );
}

/** Writes a comparison's figures to data/bench-ab/<prefix>-<time>.json and answers the file's path. */
function saveSummary(prefix, summary) {
  mkdirSync(join(root, 'data', 'bench-ab'), { recursive: true });
  const file = join(root, 'data', 'bench-ab', `${prefix}-${summary.finishedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  return file;
}
