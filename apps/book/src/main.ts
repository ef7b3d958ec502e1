import { createBookApp } from './book.app';
import { loadBookConfig } from './book.config';

async function main(): Promise<void> {
  const config = loadBookConfig();
  const app = await createBookApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
