// Receives the platform's spans over OTLP/HTTP (JSON, what @opentelemetry/exporter-trace-otlp-http
// sends) on a loopback port, so that a benchmark can say where a booking's time went.
import { createServer } from 'node:http';

/**
 * @typedef {object} Span
 * @property {string} service
 * @property {string} traceId
 * @property {string} spanId
 * @property {string} [parentSpanId]
 * @property {string} name
 * @property {number} kind OTLP's: 2 server, 3 client, 4 producer, 5 consumer
 * @property {number} start epoch milliseconds
 * @property {number} end epoch milliseconds
 * @property {Record<string, unknown>} attributes
 */
export class SpanCollector {
  /** @type {Span[]} */
  spans = [];

  /** Starts listening; the returned URL goes into the apps' OTEL_EXPORTER_OTLP_ENDPOINT. */
  async start() {
    this.server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        try {
          this.add(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
        }
      });
    });
    await new Promise((listening) => this.server.listen(0, '127.0.0.1', listening));
    return `http://127.0.0.1:${this.server.address().port}`;
  }

  async stop() {
    await new Promise((closed) => this.server?.close(closed));
  }

  add(body) {
    for (const { resource, scopeSpans = [] } of body.resourceSpans ?? []) {
      const resourceService = attributesOf(resource?.attributes)['service.name'];
      for (const { spans = [] } of scopeSpans) {
        for (const span of spans) {
          const attributes = attributesOf(span.attributes);
          this.spans.push({
            service: String(attributes['service.name'] ?? resourceService),
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            start: toMillis(span.startTimeUnixNano),
            end: toMillis(span.endTimeUnixNano),
            attributes,
          });
        }
      }
    }
  }
}

const attributesOf = (list = []) => Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value ?? {})[0]]));
const toMillis = (nanos) => Number(BigInt(nanos) / 1000n) / 1000;
