export const upstreamNames = ['book', 'payment', 'mypage', 'ticket', 'notification'] as const;
export type UpstreamName = (typeof upstreamNames)[number];

/**
 * The public API, by first path segment. Anything else (`/internal/*` above all) is not
 * routed: those endpoints are for service-to-service calls only.
 */
export const routeTable: Readonly<Record<string, UpstreamName>> = {
  books: 'book',
  movies: 'book',
  screenings: 'book',
  holds: 'book',
  payments: 'payment',
  mypages: 'mypage',
  tickets: 'ticket',
  notifications: 'notification',
};

export interface ProxyRoute {
  /** A Fastify route pattern: the prefix itself and everything under it. */
  url: string;
  upstream: UpstreamName;
}

/** The Fastify routes that carry the table: `/books` and `/books/*`, and so on. */
export function proxyRoutes(table = routeTable): ProxyRoute[] {
  return Object.entries(table).flatMap(([segment, upstream]) => [
    { url: `/${segment}`, upstream },
    { url: `/${segment}/*`, upstream },
  ]);
}

/** The upstream that serves a path (with or without a query), or undefined if the gateway does not route it. */
export function upstreamOfPath(path: string, table = routeTable): UpstreamName | undefined {
  const segment = /^\/([^/?#]*)/.exec(path)?.[1];
  return segment !== undefined && Object.hasOwn(table, segment) ? table[segment] : undefined;
}
