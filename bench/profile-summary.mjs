// node bench/profile-summary.mjs <file.cpuprofile> [top] [skip seconds]
// Self time by function and by package from a V8 CPU profile (node --cpu-prof), to find the hot path.
import { readFileSync } from 'node:fs';
import { isPlatformScript, packageOf } from './lib/profiles.mjs';

const [file, top = '25', skip = '0'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map();
// Start-up (module loading, schema sync) is not the hot path: skip its first seconds if asked.
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  elapsed += profile.timeDeltas[i] ?? 0;
  if (elapsed < Number(skip) * 1e6) continue;
  const id = profile.samples[i];
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const functions = new Map();
const packages = new Map();
for (const [id, micros] of selfMicros) {
  const { callFrame } = byId.get(id);
  const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + micros);
  const pkg = packageOf(callFrame.url, '(native/vm)');
  packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
}
// Inclusive time of the platform's own functions (compiled under dist/): where the time goes, by use case.
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map();
for (const [id, micros] of selfMicros) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const { callFrame } = byId.get(at);
    if (!isPlatformScript(callFrame.url)) continue;
    const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/dist/')[1]}:${callFrame.lineNumber + 1}`;
    if (seen.has(fn)) continue;
    seen.add(fn);
    inclusive.set(fn, (inclusive.get(fn) ?? 0) + micros);
  }
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
show('self time by package', packages);
show('self time by function', functions);
show('inclusive time of the platform\'s functions', inclusive);
