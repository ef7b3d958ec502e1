// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021880543 } from './1796021880543-Baseline';

export const migrations = [Baseline1796021880543];
