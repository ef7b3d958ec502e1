import { createNotificationApp } from './notification.app';
import { loadNotificationConfig } from './notification.config';

async function main(): Promise<void> {
  const config = loadNotificationConfig();
  const app = await createNotificationApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
