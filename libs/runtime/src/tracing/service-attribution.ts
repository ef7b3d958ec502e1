import { Context } from '@opentelemetry/api';
import { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SERVICE_ATTRIBUTE, serviceOf } from './trace-context';

/**
 * Stamps every span with the app it was started in, also spans the platform did not
 * start itself (the undici instrumentation's client spans), from the context.
 */
export class ServiceAttribution implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const service = serviceOf(parentContext);
    if (service !== undefined && span.attributes[SERVICE_ATTRIBUTE] === undefined) span.setAttribute(SERVICE_ATTRIBUTE, service);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
