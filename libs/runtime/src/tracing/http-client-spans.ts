import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { platformTracer, traceHeaders } from './trace-context';

/**
 * A client span for one outgoing request, as a child of the active span, and the W3C headers
 * (`traceparent`) that make the server's span join it; undefined outside any trace.
 */
export function startClientSpan(method: string, url: string): { span: Span; headers: Record<string, string> } | undefined {
  if (!trace.getActiveSpan()) return undefined;
  const span = platformTracer().startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'url.full': url },
  });
  return { span, headers: traceHeaders(trace.setSpan(context.active(), span)) };
}

/** Records the answer's status on the span; a 5xx marks it as an error. */
export function recordClientAnswer(span: Span, statusCode: number): void {
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Ends the span of a request that got no answer. */
export function endFailedClientSpan(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}
