import { createGatewayApp } from './gateway.app';
import { loadGatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
