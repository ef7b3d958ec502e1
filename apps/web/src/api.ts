/** The platform's API through the gateway (same origin), with its one error shape. */

export interface ErrorBody {
  statusCode?: number;
  error?: string;
  code?: string;
  message?: string | string[];
  requestId?: string;
}

/** The API answered, but not with success. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** From Retry-After, in whole seconds, when the answer gave one. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? `HTTP ${status}`));
  }

  get code(): string | undefined {
    return this.body.code;
  }
}

/** The request never got an answer: offline, or the gateway is down. */
export class NetworkError extends Error {}

let customerId = '';

/** Who the page acts for when nobody is signed in (the gateway's demo mode): sent as x-customer-id. */
export function useCustomer(id: string): void {
  customerId = id.trim();
}

export function currentCustomer(): string {
  return customerId;
}

export interface Session {
  username: string;
  role: 'customer' | 'staff';
  accessToken: string;
  refreshToken: string;
}

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  role: Session['role'];
}

const sessionKey = 'movie-booking.session';
// Kept for this tab only: closing it signs out.
let session: Session | undefined = readSession();
let renewing: Promise<boolean> | undefined;
const sessionListeners: ((session: Session | undefined) => void)[] = [];

export const currentSession = (): Session | undefined => session;
export const onSessionChange = (listener: (session: Session | undefined) => void): void => void sessionListeners.push(listener);

export async function signIn(username: string, password: string): Promise<Session> {
  const pair = await api<TokenPair>('POST', '/auth/login', { username, password });
  setSession({ username, role: pair.role, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  return session!;
}

export function signOut(): void {
  setSession(undefined);
}

/** fetch with the caller's credentials; a refused access token is renewed once with the refresh token. */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const sent = session;
  const response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...credentials() } });
  if (response.status !== 401 || !sent || path.startsWith('/auth/') || !(await renew(sent))) return response;
  return fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...credentials() } });
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new NetworkError('The platform cannot be reached.');
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (!response.ok) {
    const errorBody: ErrorBody = parsed && typeof parsed === 'object' ? (parsed as ErrorBody) : { message: text || undefined };
    throw new ApiError(response.status, errorBody, retryAfter(response.headers.get('retry-after')));
  }
  return parsed as T;
}

/** A token when signed in; else, in demo mode, the customer the page names. */
function credentials(): Record<string, string> {
  if (session) return { authorization: `Bearer ${session.accessToken}` };
  return customerId ? { 'x-customer-id': customerId } : {};
}

/** One renewal at a time; a refresh token works once. False (and signed out) when the session is over. */
function renew(expired: Session): Promise<boolean> {
  if (session !== expired) return Promise.resolve(session !== undefined);
  renewing ??= (async () => {
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: expired.refreshToken }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const pair = (await response.json()) as TokenPair;
      setSession({ ...expired, accessToken: pair.accessToken, refreshToken: pair.refreshToken }, false);
      return true;
    } catch {
      setSession(undefined);
      return false;
    } finally {
      renewing = undefined;
    }
  })();
  return renewing;
}

function setSession(next: Session | undefined, announce = true): void {
  session = next;
  if (next) sessionStorage.setItem(sessionKey, JSON.stringify(next));
  else sessionStorage.removeItem(sessionKey);
  if (announce) for (const listener of sessionListeners) listener(next);
}

function readSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(sessionKey);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 10.2.3). */
export function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
