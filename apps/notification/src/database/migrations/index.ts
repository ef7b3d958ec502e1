// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021878763 } from './1796021878763-Baseline';
import { IndexProcessedEventAge1796024555894 } from './1796024555894-IndexProcessedEventAge';

export const migrations = [Baseline1796021878763, IndexProcessedEventAge1796024555894];
