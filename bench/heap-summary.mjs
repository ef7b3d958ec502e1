// node bench/heap-summary.mjs <folder> [top]
// Where a booking's allocations come from: reads the heap profiles that BENCH_HEAP_PROFILE=1 wrote
// (bench/lib/heap-sampler.cjs) and prints, for each process and thread, the bytes allocated a
// booking, by package, by allocating function, and by the platform's function nearest to the
// allocation on the stack (which use case asked for it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlatformScript, packageOf } from './lib/profiles.mjs';

const [dir, top = '15'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/heap-summary.mjs <data/bench-profiles/heap-<mode>> [top]');
  process.exit(2);
}
const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
const appOf = new Map(Object.entries(run.pids).map(([app, pid]) => [String(pid), app]));

const nameOf = ({ functionName, url, lineNumber }) => `${functionName || '(anonymous)'} ${url.replace(/^.*(node_modules|dist)\//, '')}:${lineNumber + 1}`;

console.log(`${run.bookings} bookings in ${run.seconds} s, ${run.mode} mode\n`);
for (const file of readdirSync(dir).filter((name) => name.endsWith('.heapprofile')).sort()) {
  const [, pid, thread] = file.split('.');
  const { head } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const packages = new Map();
  const functions = new Map();
  const nearest = new Map();
  let total = 0;
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  const walk = (node, platformFrame) => {
    const own = isPlatformScript(node.callFrame.url) ? nameOf(node.callFrame) : platformFrame;
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(packages, packageOf(node.callFrame.url, '(V8 and native code)'), node.selfSize);
      add(functions, nameOf(node.callFrame), node.selfSize);
      add(nearest, own ?? '(no platform function on the stack)', node.selfSize);
    }
    for (const child of node.children) walk(child, own);
  };
  walk(head, undefined);
  if (total === 0) continue;
  const perBooking = (bytes) => `${(bytes / Math.max(1, run.bookings) / 1024).toFixed(1)} KiB`;
  const list = (title, map) => {
    console.log(`  ${title}`);
    for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
      console.log(`    ${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${perBooking(bytes).padStart(10)}  ${key}`);
    }
  };
  const where = appOf.get(pid) ?? 'embedded';
  console.log(`${where}, thread ${thread}: ${(total / 1024 / 1024).toFixed(0)} MiB allocated, ${perBooking(total)} a booking`);
  list('by package', packages);
  list('by allocating function', functions);
  list("by the platform's nearest function (the use case that asked)", nearest);
  console.log('');
}
