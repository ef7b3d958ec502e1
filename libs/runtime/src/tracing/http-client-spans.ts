import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { AxiosInstance } from 'axios';
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

const spans = new WeakMap<object, Span>();

/**
 * A client span per call of an axios instance (each retry is its own call), with the
 * W3C `traceparent` header sent along, so the server's span joins the caller's trace.
 */
export function traceHttpClient(axios: AxiosInstance): void {
  axios.interceptors.request.use((config) => {
    const client = startClientSpan((config.method ?? 'get').toUpperCase(), `${config.baseURL ?? ''}${config.url ?? ''}`);
    if (!client) return config;
    spans.set(config, client.span);
    for (const [name, value] of Object.entries(client.headers)) config.headers.set(name, value);
    return config;
  });
  axios.interceptors.response.use(
    (response) => {
      const span = spans.get(response.config);
      if (span) {
        recordClientAnswer(span, response.status);
        span.end();
      }
      return response;
    },
    (error: unknown): never => {
      const config = (error as { config?: object } | null)?.config;
      const span = config ? spans.get(config) : undefined;
      if (span) endFailedClientSpan(span, error);
      throw error;
    },
  );
}
