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

/** Until authentication exists, the customer is whoever the page says it is (x-customer-id). */
export function useCustomer(id: string): void {
  customerId = id.trim();
}

export function currentCustomer(): string {
  return customerId;
}

export function customerHeaders(): Record<string, string> {
  return customerId ? { 'x-customer-id': customerId } : {};
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...customerHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
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
