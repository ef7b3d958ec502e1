import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createContextKey } from '@opentelemetry/api';

/**
 * The process's one AsyncLocalStorage: OpenTelemetry's context manager (startTracing registers
 * it) also carries the platform's own async values. On Node 20 every AsyncLocalStorage in use
 * runs its own hook on every promise created, and the platform had three (tracing, the request
 * context, the consumer batch); each one more costs its share of every await (docs/performance-journal.md).
 */
export const asyncContext = new AsyncLocalStorageContextManager();

/**
 * A value that follows async work, like an AsyncLocalStorage store (the same `run` and
 * `getStore`), kept in the shared context beside the active span.
 */
export class AsyncValue<T> {
  private readonly key: symbol;

  constructor(description: string) {
    this.key = createContextKey(description);
  }

  run<R>(value: T, work: () => R): R {
    return asyncContext.with(asyncContext.active().setValue(this.key, value), work);
  }

  getStore(): T | undefined {
    return asyncContext.active().getValue(this.key) as T | undefined;
  }
}
