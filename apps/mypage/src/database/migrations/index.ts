// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021877266 } from './1796021877266-Baseline';
import { IndexProcessedEventAge1796024554149 } from './1796024554149-IndexProcessedEventAge';

export const migrations = [Baseline1796021877266, IndexProcessedEventAge1796024554149];
