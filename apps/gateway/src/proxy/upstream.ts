import { Pool } from 'undici';
import { UpstreamName } from '../routing/route-table';

/** Health and docs lookups are small; they get a short leash whatever the proxy timeout is. */
const LOOKUP_TIMEOUT_MS = 2_000;

/** One service behind the gateway, reached over a pool of keep-alive connections. */
export class Upstream {
  readonly pool: Pool;

  constructor(
    readonly name: UpstreamName,
    readonly origin: string,
    connectTimeoutMs: number,
  ) {
    // No connection cap: event streams hold a connection each for as long as the client listens.
    this.pool = new Pool(origin, { connect: { timeout: connectTimeoutMs } });
  }

  /** Resolves with the parsed JSON body of a 2xx answer; rejects otherwise. */
  async getJson<T>(path: string): Promise<T> {
    const response = await this.pool.request({
      method: 'GET',
      path,
      headers: { accept: 'application/json' },
      headersTimeout: LOOKUP_TIMEOUT_MS,
      bodyTimeout: LOOKUP_TIMEOUT_MS,
    });
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw new Error(`${this.name} answered ${response.statusCode} to GET ${path}`);
    }
    return (await response.body.json()) as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
