import type { IncomingMessage } from 'node:http';

/** What Fastify's router (find-my-way) strips from a target that does not start with a slash. */
const SCHEME_AND_HOST = /^https?:\/\/.*?\//;

/**
 * The request target as every part of an app reads it: origin-form (RFC 9112, 3.2.1), the
 * absolute form's scheme and host taken off as the router takes them off, and no fragment,
 * which a client never sends and the router drops with whatever follows it.
 *
 * Why: the router routes `/tickets/1#/x` and `http://x/payments/voids` to `/tickets/1` and
 * `/payments/voids`, while the gateway's access rules and rate limits read `request.url`. As
 * Fastify's `rewriteUrl`, this runs before routing, so the router, the rules, the limits and the
 * proxy all see one path. A target it cannot read (`*`, `http://host` without a path) is left
 * as it is, and matches no route.
 */
export function originForm(target: string): string {
  const path = target.charCodeAt(0) === 47 ? target : target.replace(SCHEME_AND_HOST, '/');
  const fragment = path.indexOf('#');
  return fragment < 0 ? path : path.slice(0, fragment);
}

/** `originForm` as Fastify's `rewriteUrl` option. */
export const rewriteToOriginForm = (request: IncomingMessage): string => originForm(request.url ?? '/');
