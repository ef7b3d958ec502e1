import { OnApplicationShutdown } from '@nestjs/common';
import { UpstreamName, upstreamNames } from '../routing/route-table';
import { Upstream } from './upstream';

/** Every service behind the gateway, one connection pool each, closed when the app shuts down. */
export class Upstreams implements OnApplicationShutdown {
  private readonly byName: ReadonlyMap<UpstreamName, Upstream>;

  constructor(origins: Record<UpstreamName, string>, connectTimeoutMs: number) {
    this.byName = new Map(upstreamNames.map((name) => [name, new Upstream(name, origins[name], connectTimeoutMs)]));
  }

  get(name: UpstreamName): Upstream {
    return this.byName.get(name)!;
  }

  all(): Upstream[] {
    return [...this.byName.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all().map((upstream) => upstream.close()));
  }
}
