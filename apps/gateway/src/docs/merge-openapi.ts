import type { OpenAPIObject } from '@nestjs/swagger';
import { UpstreamName, upstreamOfPath } from '../routing/route-table';

export interface ServiceDocument {
  service: UpstreamName;
  document: OpenAPIObject;
}

type Schemas = Record<string, unknown>;

const schemaRef = '#/components/schemas/';

/**
 * One document for the whole public API: the gateway's own, plus each service's paths that
 * the gateway routes to that service (a service's health and internal endpoints are not
 * reachable through the gateway, so they are left out) and the schemas they use. Two services
 * that define a schema of the same name differently keep both, the later one prefixed with
 * its service name.
 */
export function mergeOpenApi(gateway: OpenAPIObject, services: ServiceDocument[], unreachable: UpstreamName[]): OpenAPIObject {
  const paths = { ...gateway.paths };
  const schemas: Schemas = { ...gateway.components?.schemas };
  const tags = [...(gateway.tags ?? [])];
  for (const { service, document } of services) {
    const renames = clashingSchemas(schemas, document.components?.schemas ?? {}, service);
    const own = renames.size > 0 ? renameRefs(document, renames) : document;
    for (const [name, schema] of Object.entries(own.components?.schemas ?? {})) schemas[renames.get(name) ?? name] = schema;
    for (const [path, item] of Object.entries(own.paths ?? {})) {
      if (upstreamOfPath(path) === service) paths[path] = item;
    }
    for (const tag of own.tags ?? []) if (!tags.some((known) => known.name === tag.name)) tags.push(tag);
  }
  return {
    ...gateway,
    info: { ...gateway.info, description: describe(gateway.info.description, unreachable) },
    paths,
    components: { ...gateway.components, schemas: schemas as never },
    tags,
  };
}

function clashingSchemas(known: Schemas, incoming: Schemas, service: UpstreamName): Map<string, string> {
  const renames = new Map<string, string>();
  const prefix = service[0].toUpperCase() + service.slice(1);
  for (const [name, schema] of Object.entries(incoming)) {
    if (name in known && JSON.stringify(known[name]) !== JSON.stringify(schema)) renames.set(name, `${prefix}${name}`);
  }
  return renames;
}

/** A copy of the document whose schema references follow the renames. */
function renameRefs<T>(node: T, renames: Map<string, string>): T {
  if (Array.isArray(node)) return node.map((item) => renameRefs(item, renames)) as T;
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === '$ref' && typeof value === 'string' && value.startsWith(schemaRef)
      ? schemaRef + (renames.get(value.slice(schemaRef.length)) ?? value.slice(schemaRef.length))
      : renameRefs(value, renames);
  }
  return copy as T;
}

function describe(description: string | undefined, unreachable: UpstreamName[]): string {
  const base = description ?? '';
  if (unreachable.length === 0) return base;
  return `${base}\n\n**Not included right now** (the service did not answer): ${unreachable.join(', ')}.`;
}
