import { runAppProcess } from '@movie/runtime';
import { createMypageApp } from './mypage.app';
import { loadMypageConfig } from './mypage.config';

async function main(): Promise<void> {
  const config = loadMypageConfig();
  await runAppProcess(await createMypageApp(config), config);
}

void main();
