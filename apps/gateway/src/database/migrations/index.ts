// Written by `npm run migration:generate`: the migrations in this folder, oldest first.
import { Baseline1796021875820 } from './1796021875820-Baseline';

export const migrations = [Baseline1796021875820];
