import { runAppProcess } from '@movie/runtime';
import { createNotificationApp } from './notification.app';
import { loadNotificationConfig } from './notification.config';

async function main(): Promise<void> {
  const config = loadNotificationConfig();
  await runAppProcess(await createNotificationApp(config), config);
}

void main();
