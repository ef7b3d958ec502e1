import type { IncomingHttpHeaders } from 'node:http';
import { Headers } from '@movie/contracts';

/**
 * Hop-by-hop headers describe one connection, not the message (RFC 9110 7.6.1), so a proxy
 * never forwards them. `host` and `expect` are answered or replaced by the gateway itself.
 */
const hopByHop = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);
/** Header names to values, as both Node and undici hand them over. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * Identity and credentials are the gateway's to set: the client's token stays here, and a
 * client's customer id or service or admin token never reaches a service.
 */
const notForwardedUpstream = new Set([
  ...hopByHop, 'host', 'expect', Headers.requestId, Headers.customerId, 'authorization', 'x-service-token', 'x-admin-token',
]);

export interface Caller {
  requestId: string;
  /** The customer the call is made for; none for staff and for the catalogue's anonymous visitors. */
  customerId?: string;
  /** The client's address as the gateway sees it. */
  address?: string;
}

/** The request headers an upstream receives: the client's end-to-end headers plus who is calling. */
export function toUpstreamHeaders(incoming: IncomingHttpHeaders, caller: Caller): HeaderMap {
  const dropped = connectionTokens(incoming.connection);
  const headers: HeaderMap = {};
  for (const name in incoming) {
    if (notForwardedUpstream.has(name) || dropped?.has(name)) continue;
    headers[name] = incoming[name];
  }
  headers[Headers.requestId] = caller.requestId;
  if (caller.customerId !== undefined) headers[Headers.customerId] = caller.customerId;
  const forwardedFor = incoming['x-forwarded-for'];
  if (caller.address) headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${caller.address}` : caller.address;
  if (incoming.host) headers['x-forwarded-host'] = incoming.host;
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

/** The response headers the client receives: everything end-to-end the upstream said. */
export function toClientHeaders(upstream: HeaderMap): HeaderMap {
  const dropped = connectionTokens(upstream.connection);
  const headers: HeaderMap = {};
  for (const name in upstream) {
    if (hopByHop.has(name) || dropped?.has(name)) continue;
    headers[name] = upstream[name];
  }
  return headers;
}

/** True if the request carries a body to stream upstream. */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The live notification stream's route, an event stream whatever Accept says (curl -N and fetch send none of it). */
const EVENT_STREAM_PATH = /^\/notifications\/stream\/?(\?|$)/;

/** Server-sent event streams are long-lived by design, so the idle timeout does not apply to them. */
export function wantsEventStream(headers: IncomingHttpHeaders, path: string): boolean {
  return headers.accept?.includes('text/event-stream') === true || EVENT_STREAM_PATH.test(path);
}

/** `Connection: close, x-trace` also makes `x-trace` hop-by-hop. */
function connectionTokens(value: string | string[] | undefined): Set<string> | undefined {
  // The common values name no extra header; skip the parsing for them.
  if (value === undefined || value === 'keep-alive' || value === 'close') return undefined;
  const tokens = (Array.isArray(value) ? value.join(',') : value).split(',');
  const names = tokens.map((token) => token.trim().toLowerCase()).filter((token) => token && token !== 'close' && token !== 'keep-alive');
  return names.length > 0 ? new Set(names) : undefined;
}
