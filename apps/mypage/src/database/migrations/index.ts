// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021877266 } from './1796021877266-Baseline';

export const migrations = [Baseline1796021877266];
