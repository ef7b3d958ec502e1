import { messagingEntities } from '@movie/messaging';
import { AppSchema } from '@movie/persistence';
import { notificationEntities } from './notification.entities';
import { migrations } from './migrations';

/** Notification's tables with the outbox and inbox, and the migrations that make them. */
export const notificationSchema: AppSchema = { entities: [...notificationEntities, ...messagingEntities], migrations };
