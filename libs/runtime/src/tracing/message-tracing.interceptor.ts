import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { requestContext } from '../logging/request-context';
import { contextFromHeaders, platformTracer, SERVICE_ATTRIBUTE, withService } from './trace-context';

/** What both event transports' contexts (`KafkaContext`, `InMemoryContext`) offer a handler. */
interface MessageContext {
  getMessage?(): { headers?: Record<string, unknown> } | undefined;
  getTopic?(): string;
}

/**
 * Every @EventPattern handler runs in a consumer span that continues the producer's trace
 * from the message's `traceparent` header, and in a request context of its own (its
 * request id is the event id), so what the handler logs and calls joins the booking's trace.
 * HTTP handlers pass through: their span is made by traceHttpRequests.
 */
export class MessageTracingInterceptor implements NestInterceptor {
  constructor(private readonly service: string) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'rpc') return next.handle();
    const rpc = execution.switchToRpc().getContext<MessageContext | undefined>();
    const headers = rpc?.getMessage?.()?.headers;
    const topic = rpc?.getTopic?.() ?? 'unknown';
    const parent = withService(contextFromHeaders(headers), this.service);
    const span = platformTracer().startSpan(`${topic} process`, {
      kind: SpanKind.CONSUMER,
      attributes: { [SERVICE_ATTRIBUTE]: this.service, 'messaging.operation.type': 'process', 'messaging.destination.name': topic },
    }, parent);
    const eventId = headerValue(headers?.['event-id']);
    if (eventId) span.setAttribute('messaging.message.id', eventId);
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        requestContext.run({ requestId: eventId ?? span.spanContext().spanId, service: this.service }, () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              span.recordException(error instanceof Error ? error : String(error));
              span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
              span.end();
              subscriber.error(error);
            },
            complete: () => {
              span.end();
              subscriber.complete();
            },
          }),
        ),
      ),
    );
  }
}

function headerValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  return Buffer.isBuffer(first) ? first.toString('utf8') : undefined;
}
