import { randomUUID } from 'node:crypto';
import { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Headers } from '@movie/contracts';
import { requestContext } from '../logging/request-context';
import { HttpErrorFilter } from './http-error.filter';
import { validationPipe } from './validation';

export interface HttpAppOptions {
  /** Service name for logs and docs, e.g. "book". */
  service: string;
  logger: LoggerService;
  docs?: { title: string; description: string };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/**
 * Every app boots the same way: Fastify, request ids, strict validation, one error
 * filter, OpenAPI at /docs-json and Swagger UI at /docs, shutdown hooks for SIGTERM.
 */
export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimit ?? 64 * 1024, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    logger: options.logger,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = request.headers[Headers.requestId];
    const requestId = typeof header === 'string' && header.length > 0 && header.length <= 128 ? header : randomUUID();
    const customer = request.headers[Headers.customerId];
    void reply.header(Headers.requestId, requestId);
    requestContext.run({ requestId, customerId: typeof customer === 'string' ? customer : undefined }, done);
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
