import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Raw figures of each benchmark (JSON) and the charts drawn from them. */
export const resultsDir = join(root, 'docs', 'bench');
export const reportFile = join(root, 'docs', 'benchmarks.md');
