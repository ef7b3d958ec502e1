import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectEventConsumer } from '@movie/messaging';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { MypageConfig } from './mypage.config';
import { MypageModule } from './mypage.module';

/** The configured app, not yet listening, so tests and the embedded launcher can start it their way. */
export async function createMypageApp(
  config: MypageConfig,
  logger: LoggerService = new JsonLogger('mypage', config.logLevel),
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(MypageModule.register(config), {
    service: 'mypage',
    logger,
    docs: { title: 'My page', description: "The customer's bookings with payment and ticket state, built from events." },
  });
  connectEventConsumer(app, config.messaging, 'mypage');
  return app;
}
