import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Headers } from '@movie/contracts';
import { ApiDocs } from './api-docs';

const description = [
  'Every public endpoint of the platform, served through the gateway.',
  `The gateway sets \`${Headers.requestId}\` (keeping the one you send) and \`${Headers.customerId}\``,
  '(yours if you send one, else the demo customer) on every call it forwards.',
].join(' ');

/** Swagger UI at /docs and the merged document at /docs-json, in place of a per-app document. */
export function setupApiDocs(app: NestFastifyApplication, docs: ApiDocs): void {
  const config = new DocumentBuilder().setTitle('Movie booking platform').setDescription(description).setVersion('1.0').build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    patchDocumentOnRequest: (_request, _reply, gateway) => docs.merged(gateway),
  });
}
