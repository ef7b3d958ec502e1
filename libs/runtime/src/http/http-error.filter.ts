import { ArgumentsHost, Catch, ExceptionFilter, HttpException, LoggerService } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { currentRequestId } from '../logging/request-context';
import { codeOfStatus, ErrorBody, isDomainError, reasonPhrase, statusOfKind } from './error-body';

/**
 * The one place where errors become HTTP answers. Domain errors map by kind, framework
 * and parser errors keep their 4xx status, and anything else is a 500 whose body says
 * nothing about internals (the log has the stack).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.raw.destroyed) {
      // The client closed its connection first (a proxied call then fails with AbortError): there
      // is no one to answer, and it is no fault of the server's.
      this.logger.debug?.(`client closed the request before its answer: ${exception instanceof Error ? exception.message : String(exception)}`, 'HttpErrorFilter');
      return;
    }
    const { body, retryAfterSeconds } = this.toBody(exception);
    if (body.statusCode >= 500 && !isDomainError(exception)) {
      this.logger.error(exception instanceof Error ? exception : String(exception), undefined, 'HttpErrorFilter');
    }
    if (retryAfterSeconds !== undefined) reply.header('Retry-After', String(retryAfterSeconds));
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): { body: ErrorBody; retryAfterSeconds?: number } {
    const requestId = currentRequestId();
    if (isDomainError(exception)) {
      const statusCode = statusOfKind[exception.kind];
      return {
        body: { statusCode, error: reasonPhrase(statusCode), code: exception.code, message: exception.message, requestId },
        retryAfterSeconds: exception.retryAfterSeconds,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const details = Array.isArray(raw) ? raw.map(String) : undefined;
      const message = details ? details.join('; ') : String(raw ?? exception.message);
      const own = typeof response === 'object' ? (response as { code?: unknown }).code : undefined;
      const code = typeof own === 'string' ? own : codeOfStatus(statusCode);
      return { body: { statusCode, error: reasonPhrase(statusCode), code, message, requestId, details } };
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own errors (malformed JSON, body too large, wrong content type).
      const message = exception instanceof Error ? exception.message : 'Bad request';
      return { body: { statusCode: status, error: reasonPhrase(status), code: codeOfStatus(status), message, requestId } };
    }
    return { body: { statusCode: 500, error: reasonPhrase(500), code: codeOfStatus(500), message: 'Internal server error', requestId } };
  }
}
