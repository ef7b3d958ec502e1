import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { requestContext } from '../logging/request-context';
import { contextFromHeaders, headerText, platformTracer, SERVICE_ATTRIBUTE, withService } from './trace-context';

/**
 * Handles one consumed message in a consumer span that continues the producer's trace from
 * the message's `traceparent` header, and in a request context of its own (its request id
 * is the event id), so what the handler logs and calls joins the booking's trace.
 *
 * Both event transports call it around the @EventPattern handler. It is not a Nest
 * interceptor because a global interceptor puts Nest's interceptor chain (an rxjs defer and
 * two AsyncResource.bind a call) in front of every HTTP request and every event: 5 % of
 * the embedded platform's CPU under load (docs/performance-journal.md).
 */
export async function traceConsumedMessage<T>(
  service: string,
  topic: string,
  headers: Record<string, unknown> | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  const parent = withService(contextFromHeaders(headers), service);
  const span = platformTracer().startSpan(`${topic} process`, {
    kind: SpanKind.CONSUMER,
    attributes: { [SERVICE_ATTRIBUTE]: service, 'messaging.operation.type': 'process', 'messaging.destination.name': topic },
  }, parent);
  const eventId = headerText(headers?.['event-id']);
  if (eventId) span.setAttribute('messaging.message.id', eventId);
  try {
    return await context.with(trace.setSpan(parent, span), () =>
      requestContext.run({ requestId: eventId ?? span.spanContext().spanId, service }, handle),
    );
  } catch (error) {
    // Nest's exception filter has by now turned the handler's error into { status, message };
    // EventConsumer records the original on this span.
    span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
    throw error;
  } finally {
    span.end();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
