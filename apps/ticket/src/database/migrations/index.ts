// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021882187 } from './1796021882187-Baseline';
import { IndexProcessedEventAge1796024558607 } from './1796024558607-IndexProcessedEventAge';

export const migrations = [Baseline1796021882187, IndexProcessedEventAge1796024558607];
