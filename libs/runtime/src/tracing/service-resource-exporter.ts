import { ExportResult } from '@opentelemetry/core';
import { Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SERVICE_ATTRIBUTE } from './trace-context';

/**
 * Hands each span to the exporter under a resource named after the app that made it
 * (its `service.name` attribute), so a backend such as Jaeger or Tempo shows gateway,
 * book, payment... as services even when the embedded mode runs them in one process.
 */
export class ServiceResourceExporter implements SpanExporter {
  private readonly resources = new Map<string, Resource>();

  constructor(
    private readonly inner: SpanExporter,
    private readonly processResource: Resource,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map((span) => this.underItsService(span)), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private underItsService(span: ReadableSpan): ReadableSpan {
    const service = span.attributes[SERVICE_ATTRIBUTE];
    if (typeof service !== 'string') return span;
    let resource = this.resources.get(service);
    if (!resource) {
      resource = this.processResource.merge(resourceFromAttributes({ [SERVICE_ATTRIBUTE]: service }));
      this.resources.set(service, resource);
    }
    // The span itself stays as the SDK made it; the exporter reads this view of it.
    return Object.create(span, { resource: { value: resource } }) as ReadableSpan;
  }
}
