import { createPaymentApp } from './payment.app';
import { loadPaymentConfig } from './payment.config';

async function main(): Promise<void> {
  const config = loadPaymentConfig();
  const app = await createPaymentApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
