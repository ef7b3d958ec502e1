import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { ApiDocs } from './docs/api-docs';
import { setupApiDocs } from './docs/setup-api-docs';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { GatewayProxy } from './proxy/gateway-proxy';

/** The configured app, not yet listening, so tests and the embedded launcher can start it their way. */
export async function createGatewayApp(
  config: GatewayConfig,
  logger: LoggerService = new JsonLogger('gateway', config.logLevel),
): Promise<NestFastifyApplication> {
  // No per-app document: the gateway serves the merged one of every service.
  const app = await createHttpApp(GatewayModule.register(config), { service: 'gateway', logger });
  app.get(GatewayProxy).register(app.getHttpAdapter().getInstance());
  setupApiDocs(app, app.get(ApiDocs));
  return app;
}
