// Each benchmark's figures are kept as docs/bench/<name>.json and rendered into its own marked
// section of docs/benchmarks.md, so running one benchmark updates only its section and the
// hand-written text around the sections stays.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { reportFile, resultsDir } from './paths.mjs';

export function machine() {
  const sh = (command) => {
    try {
      return execSync(command, { encoding: 'utf8' }).trim();
    } catch {
      return 'n/a';
    }
  };
  return {
    nproc: sh('nproc'),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: sh("free -h | awk '/^Mem:/ {print $2\" total, \"$7\" available\"}'"),
    memoryBytes: totalmem(),
    node: process.version,
    autocannon: JSON.parse(readFileSync(new URL('../../node_modules/autocannon/package.json', import.meta.url), 'utf8')).version,
  };
}

/** Load average (1 min) now: other work on this shared machine while a run starts. */
export const loadAverage = () => loadavg()[0].toFixed(2);

export function saveResult(name, result) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export function loadResult(name) {
  const file = join(resultsDir, `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export function writeChart(file, svg) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, file), svg);
}

/** Replaces the section between `<!-- bench:name -->` and `<!-- /bench:name -->`, or appends it. */
export function writeSection(name, markdown) {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '# Benchmarks\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(reportFile, next);
}

/** One markdown table from a header row and rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const runLine = (result) =>
  `Run ${result.finishedAt.slice(0, 16).replace('T', ' ')} UTC, load average at start ${result.loadAverageAtStart}` +
  (result.machine ? ` (${result.machine.nproc} cores, node ${result.machine.node})` : '') +
  `; command: \`${result.command}\`` +
  (result.appCommit ? ` on the apps of commit ${result.appCommit}.` : '.');
