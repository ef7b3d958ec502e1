import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { AccessGate } from './auth/access-gate';
import { AuthHttpController } from './auth/auth.http.controller';
import { TokenIssuer } from './auth/token-issuer';
import { UsedRefreshTokens } from './auth/used-refresh-tokens';
import { UserStore } from './auth/user-store';
import { gatewaySchema } from './database/gateway.schema';
import { ApiDocs } from './docs/api-docs';
import { GatewayConfig } from './gateway.config';
import { upstreamReadiness } from './health/upstream-readiness';
import { GatewayProxy } from './proxy/gateway-proxy';
import { Upstreams } from './proxy/upstreams';

@Module({})
class UpstreamsModule {}

/**
 * The one entry point of the platform. It owns no data but its users and the refresh tokens
 * they exchanged: it logs them in, decides who may call what, routes, names the request and
 * the customer, reports whether each service answers, and documents the whole API.
 */
@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    const upstreams: DynamicModule = {
      module: UpstreamsModule,
      providers: [{ provide: Upstreams, useFactory: () => new Upstreams(config.upstreams, config.upstreamTimeoutMs) }],
      exports: [Upstreams],
    };
    return {
      module: GatewayModule,
      imports: [
        upstreams,
        // A few connections: only a token refresh reaches the database.
        PersistenceModule.forRoot({ url: config.databaseUrl, ...gatewaySchema, poolSize: 4 }),
        HealthModule.register({
          imports: [upstreams],
          inject: [Upstreams, DataSource],
          // The database only backs refreshes: without it the gateway still routes, so it stays ready.
          checks: (all: Upstreams, dataSource: DataSource) => [
            ...all.all().map(upstreamReadiness),
            { ...readinessOfDatabase(dataSource), critical: false },
          ],
        }),
      ],
      controllers: [AuthHttpController],
      providers: [
        { provide: UserStore, useFactory: () => UserStore.seed(config.auth.users) },
        UsedRefreshTokens,
        { provide: TokenIssuer, inject: [UsedRefreshTokens], useFactory: (used: UsedRefreshTokens) => new TokenIssuer(config.auth, used) },
        {
          provide: AccessGate,
          inject: [TokenIssuer],
          useFactory: (tokens: TokenIssuer) => new AccessGate(tokens, { mode: config.auth.mode, demoCustomerId: config.demoCustomerId }),
        },
        {
          provide: GatewayProxy,
          inject: [Upstreams, AccessGate],
          useFactory: (all: Upstreams, gate: AccessGate) =>
            new GatewayProxy(all, { upstreamTimeoutMs: config.upstreamTimeoutMs, bodyLimitBytes: config.security.bodyLimitBytes }, gate),
        },
        { provide: ApiDocs, inject: [Upstreams], useFactory: (all: Upstreams) => new ApiDocs(all) },
      ],
    };
  }
}
