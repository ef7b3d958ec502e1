import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { platformTracer, traceHeaders } from './trace-context';

/** The parts of undici's request that its diagnostics channels hand over and this file uses. */
interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
  addHeader(name: string, value: string): unknown;
}

/**
 * A client span per undici request (the npm package the gateway proxies with, and Node's
 * fetch, which is undici too), with `traceparent` sent along, from undici's diagnostics
 * channels. Only inside a trace: a request made outside any span starts none.
 *
 * In place of @opentelemetry/instrumentation-undici: every OpenTelemetry instrumentation object
 * hooks all of the process's require calls (require-in-the-middle), which made each require at
 * run time several times slower; mysql2 made one per statement, kafkajs makes one per produce.
 */
export function traceUndiciRequests(): () => void {
  const spans = new WeakMap<UndiciRequest, Span>();
  const end = (request: UndiciRequest, error?: unknown) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  };
  const handlers: Record<string, (message: unknown) => void> = {
    'undici:request:create': (message) => {
      const { request } = message as { request: UndiciRequest };
      if (!trace.getActiveSpan()) return;
      const method = request.method.toUpperCase();
      const span = platformTracer().startSpan(method, {
        kind: SpanKind.CLIENT,
        attributes: { 'http.request.method': method, 'url.full': `${String(request.origin).replace(/\/$/, '')}${request.path}` },
      });
      spans.set(request, span);
      for (const [name, value] of Object.entries(traceHeaders(trace.setSpan(context.active(), span)))) request.addHeader(name, value);
    },
    'undici:request:headers': (message) => {
      const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
      const span = spans.get(request);
      span?.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    },
    'undici:request:trailers': (message) => end((message as { request: UndiciRequest }).request),
    'undici:request:error': (message) => {
      const { request, error } = message as { request: UndiciRequest; error: unknown };
      end(request, error);
    },
  };
  for (const [channel, handler] of Object.entries(handlers)) subscribe(channel, handler);
  return () => {
    for (const [channel, handler] of Object.entries(handlers)) unsubscribe(channel, handler);
  };
}
