import { runAppProcess } from '@movie/runtime';
import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  await runAppProcess(await createGatewayApp(config), config);
}

void main();
