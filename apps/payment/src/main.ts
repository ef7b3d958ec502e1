import { runAppProcess } from '@movie/runtime';
import { createPaymentApp } from './payment.app';
import { loadPaymentConfig } from './payment.config';

async function main(): Promise<void> {
  const config = loadPaymentConfig();
  await runAppProcess(await createPaymentApp(config), config);
}

void main();
