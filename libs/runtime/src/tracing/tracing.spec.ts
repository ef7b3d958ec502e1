import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { AsyncValue } from '../logging/async-value';
import { contextFromHeaders, currentTraceId, platformTracer, traceHeaders } from './trace-context';
import { loadTracingConfig, startTracing, Tracing } from './tracing';

describe('startTracing', () => {
  const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
  let tracing: Tracing;

  afterEach(async () => {
    await tracing.shutdown();
    // The provider registered itself with the global API; the next case registers its own.
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('records no span when nothing exports them, yet log lines get a trace id and traceparent is passed on', () => {
    tracing = startTracing({ ...loadTracingConfig({}), exporter: 'none' });
    const span = platformTracer().startSpan('work', {}, contextFromHeaders({ traceparent: `00-${caller.traceId}-${caller.spanId}-01` }));

    expect(span.isRecording()).toBe(false);
    context.with(trace.setSpan(context.active(), span), () => {
      expect(currentTraceId()).toBe(caller.traceId);
      expect(traceHeaders().traceparent).toBe(`00-${caller.traceId}-${span.spanContext().spanId}-00`);
    });
  });

  it('records every span when it exports, also under a caller that recorded none', () => {
    const spans = new InMemorySpanExporter();
    tracing = startTracing({ ...loadTracingConfig({}), exporter: 'none' }, [spans]);

    const root = platformTracer().startSpan('request');
    const child = platformTracer().startSpan('work', {}, contextFromHeaders({ traceparent: `00-${caller.traceId}-${caller.spanId}-00` }));
    expect([root.isRecording(), child.isRecording()]).toEqual([true, true]);
    root.end();
    child.end();

    expect(spans.getFinishedSpans().map((span) => span.spanContext().traceId)).toEqual([root.spanContext().traceId, caller.traceId]);
  });

  it('keeps the async values of the context when it continues a trace from headers', async () => {
    tracing = startTracing({ ...loadTracingConfig({}), exporter: 'none' });
    const value = new AsyncValue<string>('test.value');

    const seen = await value.run('outer', () =>
      context.with(contextFromHeaders({ traceparent: `00-${caller.traceId}-${caller.spanId}-01` }), async () => {
        await Promise.resolve();
        return [value.getStore(), currentTraceId()];
      }),
    );

    expect(seen).toEqual(['outer', caller.traceId]);
  });
});
