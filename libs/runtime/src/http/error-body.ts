import { HttpStatus } from '@nestjs/common';
import { DomainError, DomainErrorKind } from '@movie/ddd';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** What a client branches on: the error's own code, else its status's (`codeOfStatus`). */
  code: string;
  requestId?: string;
  /** Field-level problems for a 400 from validation. */
  details?: string[];
}

export const statusOfKind: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  declined: HttpStatus.PAYMENT_REQUIRED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export const isDomainError = (error: unknown): error is DomainError =>
  error instanceof DomainError ||
  (error instanceof Error && typeof (error as Partial<DomainError>).kind === 'string' &&
    (error as Partial<DomainError>).kind! in statusOfKind);

const reasons: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export const reasonPhrase = (status: number): string => reasons[status] ?? 'Error';

/** The code of an answer that has none of its own, such as a pipe's 400 or the router's 404: NOT_FOUND. */
export const codeOfStatus = (status: number): string => reasonPhrase(status).toUpperCase().replace(/ /g, '_');
