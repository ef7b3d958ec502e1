/**
 * Base of every domain error. The kind says how the outside world should read it;
 * the HTTP layer maps kinds to status codes so that domain code stays free of HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the request breaks a rule: 400
  | 'not_found' // 404
  | 'conflict' // the current state forbids it: 409
  | 'declined' // a definitive refusal by a partner, e.g. payment: 402
  | 'unavailable'; // try again later: 503 with Retry-After

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** Stable machine-readable code, e.g. SEAT_ALREADY_TAKEN. */
  abstract readonly code: string;
  /** Only for 'unavailable': seconds the client should wait before retrying. */
  readonly retryAfterSeconds?: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
