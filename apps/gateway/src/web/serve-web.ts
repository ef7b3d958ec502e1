import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Serves the built web front-end (dist/web) at `/`. Routes are made for the files present at
 * start-up only, so the API prefixes, /auth, /docs and /health keep their own routes and an
 * unknown path still gets the platform's 404. The files are not content-hashed, so the browser
 * keeps them but asks each time (a 304 when unchanged) and never runs a stale page after a
 * deploy. Security headers (CSP and the rest) come from the gateway's hardening, as for every answer.
 */
export function serveWeb(app: NestFastifyApplication, root: string | undefined, logger: LoggerService): void {
  if (!root) return;
  if (!existsSync(join(root, 'index.html'))) {
    logger.warn?.(`no web front-end at ${root} (run npm run build); / is not served`, 'WebFrontEnd');
    return;
  }
  // Registered directly: Nest's useStaticAssets types setHeaders for an older @fastify/static.
  void app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', 'no-cache'),
  });
}
