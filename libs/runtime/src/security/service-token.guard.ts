import { createHash, timingSafeEqual } from 'node:crypto';
import { applyDecorators, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Optional, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { loadServiceCredential, ServiceCredential, SERVICE_TOKEN_HEADER } from './service-credential';

export const SERVICE_CREDENTIAL = Symbol('SERVICE_CREDENTIAL');

// Equal-length digests, so the comparison takes the same time whatever the guess.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Lets through only other services of the platform: callers presenting SERVICE_TOKEN in
 * x-service-token, or, when no token is configured (the embedded default), callers on the
 * same host. The gateway never routes these endpoints, so a browser cannot reach them either way.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly credential: ServiceCredential;

  constructor(@Optional() @Inject(SERVICE_CREDENTIAL) credential?: ServiceCredential) {
    this.credential = credential ?? loadServiceCredential();
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const expected = this.credential.token;
    if (expected === undefined) {
      if (loopback.test(request.socket.remoteAddress ?? '')) return true;
      throw new ForbiddenException({ message: 'this endpoint is for the platform\'s services; set SERVICE_TOKEN to call it from another host', code: 'SERVICE_ONLY' });
    }
    const given = request.headers[SERVICE_TOKEN_HEADER];
    if (typeof given === 'string' && timingSafeEqual(digest(given), digest(expected))) return true;
    throw new ForbiddenException({ message: `this endpoint is for the platform's services; send their credential in ${SERVICE_TOKEN_HEADER}`, code: 'SERVICE_ONLY' });
  }
}

/** Marks a controller or route as service-to-service only (see ServiceTokenGuard). */
export const ServiceOnly = (): ClassDecorator & MethodDecorator =>
  applyDecorators(
    UseGuards(ServiceTokenGuard),
    ApiHeader({ name: SERVICE_TOKEN_HEADER, required: false, description: 'The services\' shared credential (SERVICE_TOKEN); not needed from the same host when none is set.' }),
    ApiForbiddenResponse({ description: 'Not called by a service of the platform (SERVICE_ONLY).' }),
  );
