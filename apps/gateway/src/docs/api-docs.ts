import type { OpenAPIObject } from '@nestjs/swagger';
import { UpstreamName } from '../routing/route-table';
import { Upstreams } from '../proxy/upstreams';
import { mergeOpenApi, ServiceDocument } from './merge-openapi';

/**
 * The OpenAPI document of the whole platform, merged from what each service serves at its
 * own /docs-json. A complete merge is kept for a short while; an incomplete one is not, so a
 * service that comes back appears on the next request.
 */
export class ApiDocs {
  private cached?: { document: OpenAPIObject; until: number };
  private building?: Promise<OpenAPIObject>;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly cacheMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async merged(gateway: OpenAPIObject): Promise<OpenAPIObject> {
    if (this.cached && this.cached.until > this.now()) return this.cached.document;
    // Concurrent requests share one round of fetches.
    this.building ??= this.build(gateway).finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(gateway: OpenAPIObject): Promise<OpenAPIObject> {
    const upstreams = this.upstreams.all();
    const answers = await Promise.allSettled(upstreams.map((upstream) => upstream.getJson<OpenAPIObject>('/docs-json')));
    const documents: ServiceDocument[] = [];
    const unreachable: UpstreamName[] = [];
    answers.forEach((answer, index) => {
      if (answer.status === 'fulfilled') documents.push({ service: upstreams[index].name, document: answer.value });
      else unreachable.push(upstreams[index].name);
    });
    const document = mergeOpenApi(gateway, documents, unreachable);
    if (unreachable.length === 0) this.cached = { document, until: this.now() + this.cacheMs };
    return document;
  }
}
