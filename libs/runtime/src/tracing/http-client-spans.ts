import { context, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { AxiosInstance } from 'axios';
import { platformTracer, traceHeaders } from './trace-context';

const spans = new WeakMap<object, Span>();

/**
 * A client span per call of an axios instance (each retry is its own call), with the
 * W3C `traceparent` header sent along, so the server's span joins the caller's trace.
 */
export function traceHttpClient(axios: AxiosInstance): void {
  axios.interceptors.request.use((config) => {
    if (!trace.getActiveSpan()) return config;
    const method = (config.method ?? 'get').toUpperCase();
    const span = platformTracer().startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': method, 'url.full': `${config.baseURL ?? ''}${config.url ?? ''}` },
    });
    spans.set(config, span);
    for (const [name, value] of Object.entries(traceHeaders(trace.setSpan(context.active(), span)))) config.headers.set(name, value);
    return config;
  });
  axios.interceptors.response.use(
    (response) => {
      const span = spans.get(response.config);
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
      span?.end();
      return response;
    },
    (error: unknown): never => {
      const config = (error as { config?: object } | null)?.config;
      const span = config ? spans.get(config) : undefined;
      span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span?.end();
      throw error;
    },
  );
}
