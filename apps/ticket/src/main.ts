import { runAppProcess } from '@movie/runtime';
import { createTicketApp } from './ticket.app';
import { loadTicketConfig } from './ticket.config';

async function main(): Promise<void> {
  const config = loadTicketConfig();
  await runAppProcess(await createTicketApp(config), config);
}

void main();
