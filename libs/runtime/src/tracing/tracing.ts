import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, Sampler, SimpleSpanProcessor, SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { EnvReader } from '../config/env-reader';
import { asyncContext } from '../logging/async-value';
import { withinLimit } from '../scheduling/within-limit';
import { ServiceAttribution } from './service-attribution';
import { ServiceResourceExporter } from './service-resource-exporter';
import { SERVICE_ATTRIBUTE } from './trace-context';
import { traceUndiciRequests } from './undici-client-spans';

export type TracesExporter = 'otlp' | 'console' | 'none';

export interface TracingConfig {
  /** False only with OTEL_SDK_DISABLED=true: no spans, no trace ids in logs, nothing propagated. */
  enabled: boolean;
  /** Where finished spans go; `none` still traces (ids in logs, context passed on) but records no span. */
  exporter: TracesExporter;
  /** OTLP/HTTP traces URL, e.g. http://127.0.0.1:4318/v1/traces. */
  otlpUrl?: string;
  /** The process's resource name; each span also names its own app (see trace-context.ts). */
  processName: string;
}

/**
 * The standard OpenTelemetry variables, read once per process: OTEL_EXPORTER_OTLP_ENDPOINT
 * (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) turns OTLP export on; OTEL_TRACES_EXPORTER
 * picks `otlp`, `console` or `none` explicitly; OTEL_SERVICE_NAME names the process.
 */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const reader = new EnvReader(env);
  const tracesEndpoint = reader.optional('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = reader.optional('OTEL_EXPORTER_OTLP_ENDPOINT');
  const otlpUrl = tracesEndpoint ?? (endpoint ? `${endpoint.replace(/\/+$/, '')}/v1/traces` : undefined);
  const config: TracingConfig = {
    enabled: !reader.bool('OTEL_SDK_DISABLED', false),
    exporter: reader.oneOf('OTEL_TRACES_EXPORTER', ['otlp', 'console', 'none'] as const, otlpUrl ? 'otlp' : 'none'),
    otlpUrl,
    processName: reader.str('OTEL_SERVICE_NAME', 'movie-booking'),
  };
  reader.done();
  return config;
}

export interface Tracing {
  /**
   * Exports the spans still buffered, waiting at most FLUSH_LIMIT_MS. The batch processor sends
   * every 5 s on a timer that does not keep the process alive, so an app that stops without
   * this loses the spans of its last seconds.
   */
  flush(): Promise<void>;
  /** Ends what is buffered and stops tracing, e.g. after a test. */
  shutdown(): Promise<void>;
}

/** A collector that does not answer must not hold up a shutdown for the exporter's 10 s. */
const FLUSH_LIMIT_MS = 2000;

let current: Tracing | undefined;

/**
 * One tracer provider per process (the embedded mode runs every app in one): W3C trace
 * context, async-local context, undici client spans (the gateway's proxy, fetch), and the
 * configured exporter. The first call wins; createHttpApp calls it, a test may call it
 * first with an exporter of its own.
 */
export function startTracing(config: TracingConfig = loadTracingConfig(), exporters: SpanExporter[] = []): Tracing {
  if (current) return current;
  if (!config.enabled) return (current = { flush: async () => undefined, shutdown: async () => void (current = undefined) });
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.ERROR);
  const resource = resourceFromAttributes({ [SERVICE_ATTRIBUTE]: config.processName });
  const processors: SpanProcessor[] = [
    new ServiceAttribution(),
    ...configuredProcessors(config, resource),
    ...exporters.map((exporter) => new SimpleSpanProcessor(exporter)),
  ];
  const exporting = config.exporter !== 'none' || exporters.length > 0;
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors, sampler: samplerFor(exporting) });
  provider.register({ contextManager: asyncContext });
  const stopUndiciSpans = traceUndiciRequests();
  const tracing: Tracing = {
    flush: () => withinLimit(provider.forceFlush(), FLUSH_LIMIT_MS),
    shutdown: async () => {
      stopUndiciSpans();
      await provider.shutdown();
      current = undefined;
    },
  };
  return (current = tracing);
}

/**
 * Spans nobody exports are not recorded: they still carry trace ids for the logs and pass
 * `traceparent` on, but cost no attributes or processing (4 % of the embedded mode's CPU a
 * booking, docs/performance-journal.md). A process that exports records every span, also under a caller
 * that recorded none (flag 00), so that one app's spans do not depend on another app's settings.
 */
function samplerFor(exporting: boolean): Sampler {
  if (!exporting) return new AlwaysOffSampler();
  return new ParentBasedSampler({ root: new AlwaysOnSampler(), remoteParentNotSampled: new AlwaysOnSampler() });
}

function configuredProcessors(config: TracingConfig, resource: ReturnType<typeof resourceFromAttributes>): SpanProcessor[] {
  if (config.exporter === 'otlp') {
    return [new BatchSpanProcessor(new ServiceResourceExporter(new OTLPTraceExporter({ url: config.otlpUrl }), resource))];
  }
  if (config.exporter === 'console') return [new SimpleSpanProcessor(new ConsoleSpanExporter())];
  return [];
}
