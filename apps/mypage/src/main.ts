import { createMypageApp } from './mypage.app';
import { loadMypageConfig } from './mypage.config';

async function main(): Promise<void> {
  const config = loadMypageConfig();
  const app = await createMypageApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
