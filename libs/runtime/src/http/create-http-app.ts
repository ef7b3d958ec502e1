import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DynamicModule, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Headers } from '@movie/contracts';
import { bookingIdOfRequest, requestContext } from '../logging/request-context';
import { observeHttpMetrics } from '../metrics/http-metrics';
import { Metrics } from '../metrics/metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { traceHttpRequests } from '../tracing/http-server-spans';
import { startTracing } from '../tracing/tracing';
import { codeOfStatus, reasonPhrase } from './error-body';
import { HttpErrorFilter } from './http-error.filter';
import { rewriteToOriginForm } from './origin-form';
import { validationPipe } from './validation';

export interface HttpAppOptions {
  /** Service name for logs and docs, e.g. "book". */
  service: string;
  logger: LoggerService;
  docs?: { title: string; description: string };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/** The app's own module, plus what every app has: its metrics registry and GET /metrics. */
@Module({})
class ObservedApp {
  static of(module: unknown, metrics: Metrics): DynamicModule {
    return { module: ObservedApp, imports: [module as DynamicModule, MetricsModule.forApp(metrics)] };
  }
}

/**
 * Every app boots the same way: Fastify, request ids, strict validation, one error
 * filter, OpenAPI at /docs-json and Swagger UI at /docs, shutdown hooks for SIGTERM,
 * Prometheus metrics at /metrics (HTTP requests by route and status, and whatever the
 * app's providers add to the injectable `Metrics`), and a trace span per request and
 * per consumed event (the transports' traceConsumedMessage; docs/operations.md), exported
 * before the app is gone.
 */
export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const tracing = startTracing();
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    logger: false,
    rewriteUrl: rewriteToOriginForm,
    frameworkErrors,
    // A request that reaches a closing app on a kept-alive connection (the gateway's pools keep
    // them to every pod after Kubernetes took the pod out of the Service) is served, not refused
    // with 503: the database and the broker close only after the HTTP server has.
    return503OnClosing: false,
  });
  const metrics = new Metrics(options.service);
  const app = await NestFactory.create<NestFastifyApplication>(ObservedApp.of(module, metrics), adapter, {
    logger: options.logger,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  observeHttpMetrics(fastify, metrics);
  traceHttpRequests(fastify, options.service);
  // Fastify closes after every shutdown hook (the outbox's last sends included): the spans so far go out.
  fastify.addHook('onClose', () => tracing.flush());
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = requestIdOf(request.headers);
    const customer = request.headers[Headers.customerId];
    void reply.header(Headers.requestId, requestId);
    const customerId = typeof customer === 'string' ? customer : undefined;
    const bookingId = bookingIdOfRequest(request.routeOptions.url, request.params, request.query);
    requestContext.run({ requestId, customerId, bookingId, service: options.service }, done);
  });
  app.useGlobalPipes(validationPipe());
  // Nest's filter also sees Fastify's parser errors (bad JSON, body too large).
  app.useGlobalFilters(new HttpErrorFilter(options.logger));
  app.enableShutdownHooks();
  if (options.docs) {
    const config = new DocumentBuilder()
      .setTitle(options.docs.title)
      .setDescription(options.docs.description)
      .setVersion('1.0')
      .build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

/** The client's request id when it sent a usable one, else a new one. */
function requestIdOf(headers: IncomingHttpHeaders): string {
  const header = headers[Headers.requestId];
  return typeof header === 'string' && header.length > 0 && header.length <= 128 ? header : randomUUID();
}

/**
 * What Fastify answers before any route or hook runs (a malformed percent-encoding, a path
 * parameter past maxParamLength), in the platform's error shape with a request id, as every
 * other error is.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = requestIdOf(request.headers);
  const statusCode = error.statusCode ?? 400;
  void reply
    .header(Headers.requestId, requestId)
    .code(statusCode)
    .send({ statusCode, error: reasonPhrase(statusCode), code: error.code ?? codeOfStatus(statusCode), message: error.message, requestId });
}
