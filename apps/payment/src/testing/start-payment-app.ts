import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger } from '@movie/runtime';
import { createPaymentApp } from '../payment.app';
import { loadPaymentConfig } from '../payment.config';

/** The app on an in-memory SQLite database, initialised but not listening; drive it with inject. */
export async function startPaymentApp(env: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  const config = loadPaymentConfig({ PAYMENT_DB_URL: 'sqlite::memory:', LOG_LEVEL: 'error', ...env });
  const app = await createPaymentApp(config, new JsonLogger('payment', 'error', () => undefined));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Until the check passes; gives up after a few seconds so a broken consumer fails the test instead of hanging it. */
export async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error('the condition never came true');
}
