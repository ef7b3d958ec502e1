import { AppSchema } from '@movie/persistence';
import { UsedRefreshTokenOrm } from '../auth/used-refresh-token.orm-entity';
import { migrations } from './migrations';

/** The gateway's one table, the refresh tokens already exchanged, and its migrations. */
export const gatewaySchema: AppSchema = { entities: [UsedRefreshTokenOrm], migrations };
