import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Metrics } from './metrics';

const started = new WeakMap<FastifyRequest, bigint>();

/** Latency buckets in seconds: from a cached read to payment's timeout and beyond. */
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

/**
 * Request count, server errors and latency per route template (`/books/:id`, never the
 * id itself, so the series stay few) and status. A request no route matched is
 * counted under `unmatched`.
 */
export function observeHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = metrics.counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames });
  const errors = metrics.counter({ name: 'http_request_errors_total', help: 'HTTP requests answered with a 5xx status', labelNames });
  const duration = metrics.histogram({
    name: 'http_request_duration_seconds', help: 'Time from receiving an HTTP request to the end of its answer', labelNames, buckets,
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    started.set(request, process.hrtime.bigint());
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) };
    requests.inc(labels);
    if (reply.statusCode >= 500) errors.inc(labels);
    const start = started.get(request);
    if (start !== undefined) duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    done();
  });
}
