import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextFromHeaders, platformTracer, SERVICE_ATTRIBUTE, withService } from './trace-context';

const spans = new WeakMap<FastifyRequest, Span>();

/** Probes and scrapes come every few seconds and say nothing about a booking. */
const untraced = /^\/(health\/|metrics(\?|$))/;

/**
 * A server span per request, continuing the caller's trace from its `traceparent`
 * header, named by method and route template (`POST /books`). The rest of the request
 * runs in its context, so outgoing calls and log lines carry its trace.
 */
export function traceHttpRequests(fastify: FastifyInstance, service: string): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (untraced.test(request.url)) return done();
    const parent = withService(contextFromHeaders(request.headers), service);
    const span = platformTracer().startSpan(request.method, {
      kind: SpanKind.SERVER,
      attributes: { [SERVICE_ATTRIBUTE]: service, 'http.request.method': request.method, 'url.path': request.url.split('?')[0] },
    }, parent);
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
}

function end(request: FastifyRequest, statusCode: number | undefined): void {
  const span = spans.get(request);
  if (!span) return;
  spans.delete(request);
  const route = request.routeOptions.url;
  if (route) span.updateName(`${request.method} ${route}`).setAttribute('http.route', route);
  if (statusCode === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'client went away' });
  else {
    span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
