import { runAppProcess } from '@movie/runtime';
import { createBookApp } from './book.app';
import { loadBookConfig } from './book.config';

async function main(): Promise<void> {
  const config = loadBookConfig();
  await runAppProcess(await createBookApp(config), config);
}

void main();
