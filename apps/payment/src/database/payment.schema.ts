import { messagingEntities } from '@movie/messaging';
import { AppSchema } from '@movie/persistence';
import { paymentEntities } from './payment.entities';
import { migrations } from './migrations';

/** Payment's tables with the outbox and inbox, and the migrations that make them. */
export const paymentSchema: AppSchema = { entities: [...paymentEntities, ...messagingEntities], migrations };
