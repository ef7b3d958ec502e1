import { messagingEntities } from '@movie/messaging';
import { AppSchema } from '@movie/persistence';
import { bookEntities } from './book.entities';
import { migrations } from './migrations';

/** Book's tables with the outbox and inbox, and the migrations that make them. */
export const bookSchema: AppSchema = { entities: [...bookEntities, ...messagingEntities], migrations };
