import { Context, context, createContextKey, propagation, trace, Tracer } from '@opentelemetry/api';

/**
 * Span attribute naming the app a span belongs to. The embedded mode runs every app in
 * one process under one tracer provider, so the resource cannot say which app a span is
 * from; every span says it itself (see ServiceResourceExporter for what exporters see).
 */
export const SERVICE_ATTRIBUTE = 'service.name';

const SERVICE = createContextKey('movie.service');

export const platformTracer = (): Tracer => trace.getTracer('@movie/runtime');

/** The context with the app that works in it, so spans started inside know their service. */
export const withService = (ctx: Context, service: string): Context => ctx.setValue(SERVICE, service);

export const serviceOf = (ctx: Context): string | undefined => ctx.getValue(SERVICE) as string | undefined;

/** W3C trace context headers (`traceparent`, `tracestate`) of a context: the active one unless given. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/**
 * The remote parent carried by headers as Node, undici, Kafka or the in-memory bus hand them
 * over, in place of the active span. The rest of the active context stays: it also holds the
 * platform's async values (AsyncValue), such as the batch a consumed message came in.
 */
export function contextFromHeaders(headers: Record<string, unknown> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) carrier[name.toLowerCase()] = text;
  }
  return propagation.extract(trace.deleteSpan(context.active()), carrier);
}

/** A header's (first) value as text, as Node, undici, Kafka (Buffers) or the in-memory bus hand it over. */
export function headerText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  return Buffer.isBuffer(first) ? first.toString('utf8') : undefined;
}

/** The trace id of the active span, for log lines; undefined outside any trace. */
export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? span.traceId : undefined;
}
