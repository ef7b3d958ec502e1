// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021880543 } from './1796021880543-Baseline';
import { IndexProcessedEventAge1796024557334 } from './1796024557334-IndexProcessedEventAge';

export const migrations = [Baseline1796021880543, IndexProcessedEventAge1796024557334];
