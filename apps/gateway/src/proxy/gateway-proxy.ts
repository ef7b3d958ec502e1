import type { Readable } from 'node:stream';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { Headers } from '@movie/contracts';
import { proxyRoutes } from '../routing/route-table';
import { customerOf, hasBody, toClientHeaders, toUpstreamHeaders, wantsEventStream } from './proxy-headers';
import { Upstream } from './upstream';
import { upstreamFailure } from './upstream-failure';
import { Upstreams } from './upstreams';

/** The methods of the public API; anything else (CONNECT, TRACE, WebDAV) is not routed. */
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface ProxySettings {
  upstreamTimeoutMs: number;
  demoCustomerId: string;
}

/**
 * Forwards the public API to the services: bodies stream through in both directions without
 * being parsed, statuses and end-to-end headers pass unchanged, and every call carries the
 * request id and the customer it is made for.
 */
export class GatewayProxy implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayProxy.name);
  private readonly openEventStreams = new Set<Readable>();
  private closing = false;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly settings: ProxySettings,
  ) {}

  /** Adds the routes to Fastify in their own scope, where no content-type parser reads the body. */
  register(fastify: FastifyInstance): void {
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      for (const route of proxyRoutes()) {
        const upstream = this.upstreams.get(route.upstream);
        scope.route({ method: methods, url: route.url, handler: (request, reply) => this.forward(upstream, request, reply) });
      }
    });
  }

  /** Event streams never end on their own; end them so the HTTP server can close. */
  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const stream of this.openEventStreams) stream.destroy();
  }

  private async forward(upstream: Upstream, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const incoming = request.headers;
    // createHttpApp's onRequest hook has kept the client's request id or made one.
    const requestId = reply.getHeader(Headers.requestId) as string;
    const eventStream = wantsEventStream(incoming);
    const timeoutMs = this.settings.upstreamTimeoutMs;
    try {
      const answer = await upstream.pool.request({
        method: request.method as Dispatcher.HttpMethod,
        path: request.url,
        headers: toUpstreamHeaders(incoming, {
          requestId,
          customerId: customerOf(incoming, this.settings.demoCustomerId),
          address: request.socket.remoteAddress,
        }),
        body: hasBody(incoming) ? request.raw : null,
        headersTimeout: timeoutMs,
        bodyTimeout: eventStream ? 0 : timeoutMs,
      });
      if (eventStream) this.track(answer.body);
      return reply.code(answer.statusCode).headers(toClientHeaders(answer.headers)).send(answer.body);
    } catch (error) {
      const failure = upstreamFailure(upstream.name, error, timeoutMs, requestId);
      this.logger.warn({ msg: failure.message, upstream: upstream.name, path: request.url, cause: describe(error) });
      return reply.code(failure.statusCode).send(failure);
    }
  }

  private track(stream: Readable): void {
    if (this.closing) {
      stream.destroy();
      return;
    }
    this.openEventStreams.add(stream);
    stream.once('close', () => this.openEventStreams.delete(stream));
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
