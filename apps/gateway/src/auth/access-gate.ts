import type { IncomingHttpHeaders } from 'node:http';
import { Access, accessFor } from './access-policy';
import { AuthMode } from './auth.config';
import { Caller } from './caller';
import { TokenIssuer, TokenRefused } from './token-issuer';
import { customerIdProblem, Headers } from '@movie/contracts';

export interface Refusal {
  statusCode: 400 | 401 | 403 | 404;
  code: string;
  message: string;
  /** WWW-Authenticate for a 401 (RFC 6750). */
  challenge?: string;
}

export type Admission = { admitted: true; caller: Caller; url: string } | { admitted: false; refusal: Refusal };

export interface GateSettings {
  mode: AuthMode;
  demoCustomerId: string;
}

/** Browsers cannot set headers on an EventSource, so the live stream also takes the token as `access_token`. */
const STREAM_PATH = /^\/notifications\/stream\/?$/;
const REALM = 'Bearer realm="movie-booking"';

/**
 * Decides at the gateway whether a request may reach a service, and for whom it is made.
 * The caller comes from a verified token only; a client's own x-customer-id counts only for
 * a call without a token in demo mode.
 */
export class AccessGate {
  constructor(
    private readonly tokens: TokenIssuer,
    private readonly settings: GateSettings,
  ) {}

  async admit(method: string, url: string, headers: IncomingHttpHeaders): Promise<Admission> {
    const access = accessFor(method, url);
    if (access === 'hidden') return refuse({ statusCode: 404, code: 'NOT_FOUND', message: `Route ${method}:${url.split('?', 1)[0]} not found` });
    const { token, url: forwardedUrl } = tokenOf(method, url, headers);
    if (token === undefined) return this.anonymous(access, forwardedUrl, headers);
    try {
      const user = await this.tokens.verifyAccess(token);
      const refusal = roleRefusal(access, user.role);
      return refusal ? refuse(refusal) : { admitted: true, caller: { kind: 'user', ...user }, url: forwardedUrl };
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      return refuse({ statusCode: 401, code: error.code, message: error.message, challenge: `${REALM}, error="invalid_token"` });
    }
  }

  private anonymous(access: Access, url: string, headers: IncomingHttpHeaders): Admission {
    if (this.settings.mode === 'demo') {
      const given = headers[Headers.customerId];
      const customerId = typeof given === 'string' && given.length > 0 ? given : this.settings.demoCustomerId;
      const problem = customerIdProblem(customerId);
      if (problem) return refuse({ statusCode: 400, code: 'INVALID_CUSTOMER_ID', message: problem });
      return { admitted: true, caller: { kind: 'anonymous', customerId }, url };
    }
    if (access === 'public') return { admitted: true, caller: { kind: 'anonymous' }, url };
    return refuse({ statusCode: 401, code: 'AUTHENTICATION_REQUIRED', message: 'log in at POST /auth/login and send the access token as "Authorization: Bearer <token>"', challenge: REALM });
  }
}

function roleRefusal(access: Access, role: string): Refusal | undefined {
  if (access === 'staff' && role !== 'staff') return { statusCode: 403, code: 'STAFF_ONLY', message: 'only cinema staff may do this' };
  if (access === 'customer' && role !== 'customer') return { statusCode: 403, code: 'CUSTOMERS_ONLY', message: 'only a customer may do this' };
  return undefined;
}

const refuse = (refusal: Refusal): Admission => ({ admitted: false, refusal });

/** The bearer token, from the Authorization header or (event stream only) the query; the URL to forward without it. */
function tokenOf(method: string, url: string, headers: IncomingHttpHeaders): { token?: string; url: string } {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +([^\s]+) *$/i.exec(authorization);
    // A malformed Authorization header is a bad token, not an anonymous call.
    return { token: match?.[1] ?? '', url };
  }
  const queryAt = url.indexOf('?');
  if (method !== 'GET' || queryAt < 0 || !STREAM_PATH.test(url.slice(0, queryAt))) return { url };
  const query = new URLSearchParams(url.slice(queryAt + 1));
  const token = query.get('access_token') ?? undefined;
  query.delete('access_token');
  const rest = query.toString();
  return { token, url: url.slice(0, queryAt) + (rest ? `?${rest}` : '') };
}
