import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
export const ADMIN_TOKEN_HEADER = 'x-admin-token';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Lets through only callers that present the operator's token; with no token configured, nobody. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) {
      throw new ForbiddenException({ message: 'admin endpoints are off: set MYPAGE_ADMIN_TOKEN to use them', code: 'ADMIN_DISABLED' });
    }
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers[ADMIN_TOKEN_HEADER];
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(this.token))) {
      throw new ForbiddenException({ message: `send the admin token in ${ADMIN_TOKEN_HEADER}`, code: 'ADMIN_ONLY' });
    }
    return true;
  }
}
