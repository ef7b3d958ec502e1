import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Span } from '@opentelemetry/api';
import { endFailedClientSpan, recordClientAnswer, startClientSpan } from './http-client-spans';

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
  const handlers: Record<string, (message: unknown) => void> = {
    'undici:request:create': (message) => {
      const { request } = message as { request: UndiciRequest };
      const client = startClientSpan(request.method.toUpperCase(), `${String(request.origin).replace(/\/$/, '')}${request.path}`);
      if (!client) return;
      spans.set(request, client.span);
      for (const [name, value] of Object.entries(client.headers)) request.addHeader(name, value);
    },
    'undici:request:headers': (message) => {
      const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
      const span = spans.get(request);
      if (span) recordClientAnswer(span, response.statusCode);
    },
    'undici:request:trailers': (message) => {
      const { request } = message as { request: UndiciRequest };
      spans.get(request)?.end();
      spans.delete(request);
    },
    'undici:request:error': (message) => {
      const { request, error } = message as { request: UndiciRequest; error: unknown };
      const span = spans.get(request);
      if (span) endFailedClientSpan(span, error);
      spans.delete(request);
    },
  };
  for (const [channel, handler] of Object.entries(handlers)) subscribe(channel, handler);
  return () => {
    for (const [channel, handler] of Object.entries(handlers)) unsubscribe(channel, handler);
  };
}
