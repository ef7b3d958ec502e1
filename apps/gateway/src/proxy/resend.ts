import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { Headers } from '@movie/contracts';
import type { UpstreamName } from '../routing/route-table';
import { hasBody } from './proxy-headers';
import { Upstream } from './upstream';

const READS = new Set(['GET', 'HEAD']);
/** The connection was cut before any answer: a pod closing its kept-alive connections does that. */
const CUT = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * The writes whose service answers a request sent again with the same Idempotency-Key from the
 * first one (book's IdempotentRequests): the same answer, or 409 IDEMPOTENCY_IN_PROGRESS while the
 * first still runs, never a second booking or charge. Every other write ignores the key.
 */
const KEYED_WRITES: readonly { upstream: UpstreamName; method: string; path: RegExp }[] = [
  { upstream: 'book', method: 'POST', path: /^\/books$/ },
  { upstream: 'book', method: 'POST', path: /^\/holds$/ },
  { upstream: 'book', method: 'DELETE', path: /^\/books\/[^/]+$/ },
];

/**
 * Whether a request may go out again if its connection is cut: a read without a body, or a
 * write whose upstream honours the Idempotency-Key it carries. Any other request might have been
 * received and acted on, so it is not.
 */
export function mayResend(upstream: UpstreamName, method: string, url: string, headers: IncomingHttpHeaders): boolean {
  if (READS.has(method)) return !hasBody(headers);
  const key = headers[Headers.idempotencyKey];
  if (typeof key !== 'string' || key === '') return false;
  const path = url.split('?', 1)[0];
  return KEYED_WRITES.some((write) => write.upstream === upstream && write.method === method && write.path.test(path));
}

/**
 * One request upstream; if `again`, one whose connection was cut goes out once more, on another
 * connection. Kubernetes takes a terminating pod out of the Service, but the pool still holds
 * connections to it, and Node closes the idle ones when the pod's server closes: a request sent
 * on one at that instant is cut. Its body must be replayable: a buffer or none, not a stream.
 */
export async function send(upstream: Upstream, options: Dispatcher.RequestOptions, again: boolean): Promise<Dispatcher.ResponseData> {
  try {
    return await upstream.pool.request(options);
  } catch (error) {
    if (!again || !CUT.has((error as { code?: string } | null)?.code ?? '')) throw error;
    return upstream.pool.request(options);
  }
}
