import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { HttpException } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Headers } from '@movie/contracts';
import { clientAddress } from './client-address';
import { SecuritySettings } from './security.config';

/** Thrown by the limiter; Nest's error filter (auth routes) and Fastify's (proxied routes) both render it with its code. */
class RateLimited extends HttpException {
  readonly code = 'RATE_LIMITED';

  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super({ message, code: 'RATE_LIMITED' }, statusCode);
  }
}

/**
 * Logging in and refreshing are where passwords and tokens get guessed; they have a budget of their
 * own. Told by the route the router chose, not the URL, which `/auth/%6Cogin` also reaches.
 */
const credentialRoutes = new Set(['/auth/login', '/auth/refresh']);
const isCredentialCall = (request: FastifyRequest) => request.method === 'POST' && credentialRoutes.has(request.routeOptions.url ?? '');

/**
 * Security headers, CORS and per-client rate limits for everything the gateway serves. Must
 * run before any route is added: the rate limiter attaches itself to routes as they are added.
 */
export async function hardenGateway(app: NestFastifyApplication, settings: SecuritySettings): Promise<void> {
  // Helmet's middleware, built once; @fastify/helmet builds it again for every request (7 µs against 0.14).
  const securityHeaders = helmet({
    // Same-origin pages only: the web page at / and Swagger UI at /docs load their own scripts;
    // Swagger UI sets inline styles and shows data: images.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  await app.register(cors, {
    // No origin listed: no CORS headers, so only the gateway's own pages can read answers.
    origin: settings.corsOrigins.length > 0 ? settings.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', Headers.requestId, Headers.idempotencyKey],
    exposedHeaders: [Headers.requestId, 'retry-after'],
    maxAge: 600,
  });
  await app.register(rateLimit, {
    global: true,
    timeWindow: settings.rateLimitWindowMs,
    max: (request) => (isCredentialCall(request) ? settings.loginRateLimitMax : settings.rateLimitMax),
    keyGenerator: (request) => `${isCredentialCall(request) ? 'login' : 'api'}:${clientAddress(request, settings.trustedProxyHops)}`,
    allowList: (request) => (request.routeOptions.url ?? '').startsWith('/health/') || (settings.rateLimitMax === 0 && !isCredentialCall(request)),
    errorResponseBuilder: (_request, context) => new RateLimited(context.statusCode, `too many requests from this client; try again in ${context.after}`),
  });
}
