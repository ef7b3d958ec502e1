import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { ApiDocs } from './docs/api-docs';
import { setupApiDocs } from './docs/setup-api-docs';
import { UserStore } from './auth/user-store';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { GatewayProxy } from './proxy/gateway-proxy';
import { serveWeb } from './web/serve-web';
import { hardenGateway } from './security/harden-gateway';

/** The configured app, not yet listening, so tests and the embedded launcher can start it their way. */
export async function createGatewayApp(
  config: GatewayConfig,
  logger: LoggerService = new JsonLogger('gateway', config.logLevel),
): Promise<NestFastifyApplication> {
  // No per-app document: the gateway serves the merged one of every service.
  const app = await createHttpApp(GatewayModule.register(config), { service: 'gateway', logger, bodyLimit: config.security.bodyLimitBytes });
  await hardenGateway(app, config.security);
  app.get(GatewayProxy).register(app.getHttpAdapter().getInstance());
  warnAboutWeakSettings(config, app.get(UserStore), logger);
  setupApiDocs(app, app.get(ApiDocs));
  serveWeb(app, config.webDir, logger);
  return app;
}

function warnAboutWeakSettings(config: GatewayConfig, users: UserStore, logger: LoggerService): void {
  const { auth } = config;
  if (auth.mode === 'demo') {
    logger.warn('GATEWAY_AUTH_MODE=demo: calls without a token are let through as the customer they name; never use it in production', 'Auth');
  }
  if (auth.jwtSecretGenerated) {
    logger.warn('GATEWAY_JWT_SECRET is not set: tokens are signed with a random key, end with this process and are refused by other replicas', 'Auth');
  }
  const missing = auth.users.map((user) => user.username).filter((name) => !users.usernames.includes(name));
  if (missing.length > 0) logger.warn(`no password for ${missing.join(', ')} (GATEWAY_USER_<NAME>_PASSWORD or _PASSWORD_HASH): they cannot log in`, 'Auth');
}
