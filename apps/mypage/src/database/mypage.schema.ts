import { messagingEntities } from '@movie/messaging';
import { AppSchema } from '@movie/persistence';
import { mypageEntities } from './mypage.entities';
import { migrations } from './migrations';

/** My page's tables with the outbox and inbox, and the migrations that make them. */
export const mypageSchema: AppSchema = { entities: [...mypageEntities, ...messagingEntities], migrations };
