import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@movie/runtime';
import { ApiDocs } from './docs/api-docs';
import { GatewayConfig } from './gateway.config';
import { upstreamReadiness } from './health/upstream-readiness';
import { GatewayProxy } from './proxy/gateway-proxy';
import { Upstreams } from './proxy/upstreams';

@Module({})
class UpstreamsModule {}

/**
 * The one entry point of the platform. It owns no data: it routes, names the request and
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
        HealthModule.register({
          imports: [upstreams],
          inject: [Upstreams],
          checks: (all: Upstreams) => all.all().map(upstreamReadiness),
        }),
      ],
      providers: [
        {
          provide: GatewayProxy,
          inject: [Upstreams],
          useFactory: (all: Upstreams) => new GatewayProxy(all, config),
        },
        { provide: ApiDocs, inject: [Upstreams], useFactory: (all: Upstreams) => new ApiDocs(all) },
      ],
    };
  }
}
