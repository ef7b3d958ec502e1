import { ErrorBody, reasonPhrase } from '@movie/runtime';
import { UpstreamName } from '../routing/route-table';

/** Undici's codes for "the upstream took too long to answer or went quiet mid-answer". */
const tooSlow = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The gateway's own answer when an upstream cannot give one: 504 when it was too slow,
 * 502 for everything else (refused, reset, unknown host, connect timeout).
 */
export function upstreamFailure(upstream: UpstreamName, error: unknown, timeoutMs: number, requestId: string): ErrorBody {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && tooSlow.has(code)) {
    return { statusCode: 504, error: reasonPhrase(504), code: 'UPSTREAM_TIMEOUT', message: `${upstream} service did not answer within ${timeoutMs} ms`, requestId };
  }
  return { statusCode: 502, error: reasonPhrase(502), code: 'UPSTREAM_UNAVAILABLE', message: `${upstream} service is unavailable`, requestId };
}
