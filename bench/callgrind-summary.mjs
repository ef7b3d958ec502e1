// node bench/callgrind-summary.mjs <callgrind dump> <perf map> [top] [callee pattern]
// Instructions by package and by function from a dump of `npm run bench -- instructions`, with
// compiled JavaScript named through node's --perf-basic-prof map (/tmp/perf-<pid>.map). Only the
// main thread's code is in that map, so run the apps in one thread:
//   BENCH_INSTRUCTIONS_ENV=EMBEDDED_THREADS=none BENCH_INSTRUCTIONS_NODE_ARGS=--perf-basic-prof npm run bench -- instructions
// and pass data/bench-instructions/instructions-embedded/callgrind.<pid>.2 (the measured bookings).
// With a callee pattern (a regular expression), it lists who calls the functions it matches instead,
// with what those calls cost in all (e.g. 'promiseInitHook' or '^Builtins_AsyncFunctionEnter$').
import { readFileSync } from 'node:fs';
import { COMPILER, GC, readCallgrind } from './lib/callgrind.mjs';

const [dump, mapFile, top = '40', calleePattern] = process.argv.slice(2);
if (!dump || !mapFile) {
  console.error('usage: node bench/callgrind-summary.mjs <callgrind dump> <perf map> [top] [callee pattern]');
  process.exit(2);
}

const ranges = readFileSync(mapFile, 'utf8').split('\n').filter(Boolean).map((line) => {
  const [start, size, ...name] = line.split(' ');
  return { start: parseInt(start, 16), end: parseInt(start, 16) + parseInt(size, 16), name: name.join(' ') };
}).sort((a, b) => a.start - b.start);

/** Callgrind names code it has no symbol for by its address: the map names it, if V8 wrote it there. */
function nameOf(symbol) {
  const address = /^0x([0-9a-f]+)/.exec(symbol);
  if (!address) return symbol;
  const at = parseInt(address[1], 16);
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (ranges[middle].start > at) high = middle - 1;
    else if (ranges[middle].end <= at) low = middle + 1;
    else return ranges[middle].name;
  }
  return '(JavaScript not in the map)';
}

function packageOf(name, object) {
  if (COMPILER.test(name)) return 'V8: optimizing compiler';
  if (GC.test(name)) return 'V8: garbage collector';
  const source = / (\/\S+|node:\S+):\d+/.exec(name)?.[1];
  if (source) {
    const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    if (module) return module;
    if (source.startsWith('node:')) return 'Node core (JavaScript)';
    if (source.includes('/dist/')) return `platform: ${source.split('/dist/')[1].split('/').slice(0, 2).join('/')}`;
  }
  if (name.startsWith('Builtins_')) return 'V8: builtins';
  if (name.startsWith('RegExp:')) return 'V8: regular expressions';
  return `native: ${object.split('/').pop()}`;
}

const own = new Map();
const callers = new Map();
const calleeMatches = calleePattern ? new RegExp(calleePattern) : undefined;
let total = 0;
readCallgrind(readFileSync(dump, 'utf8'), {
  own: (fn, object, count) => {
    const name = nameOf(fn);
    const entry = own.get(name) ?? { count: 0, object };
    entry.count += count;
    own.set(name, entry);
    total += count;
  },
  call: (caller, callee, count) => {
    if (!calleeMatches?.test(nameOf(callee))) return;
    const name = nameOf(caller);
    callers.set(name, (callers.get(name) ?? 0) + count);
  },
});

const show = (title, entries) => {
  console.log(`\n${title}`);
  for (const [key, count] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((100 * count) / total).toFixed(2).padStart(6)} %  ${(count / 1e6).toFixed(1).padStart(8)} M  ${key.slice(0, 160)}`);
  }
};
console.log(`${(total / 1e6).toFixed(0)} million instructions in ${dump}`);
if (calleeMatches) {
  show(`callers of /${calleePattern}/, with what their calls cost in all`, callers);
} else {
  const packages = new Map();
  for (const [name, { count, object: from }] of own) {
    const key = packageOf(name, from);
    packages.set(key, (packages.get(key) ?? 0) + count);
  }
  show('own instructions by package', packages);
  show('own instructions by function', [...own].map(([name, { count }]) => [name, count]));
}
