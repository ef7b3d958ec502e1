// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021874483 } from './1796021874483-Baseline';
import { IndexProcessedEventAge1796024552659 } from './1796024552659-IndexProcessedEventAge';

export const migrations = [Baseline1796021874483, IndexProcessedEventAge1796024552659];
