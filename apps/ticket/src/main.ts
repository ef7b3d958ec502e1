import { createTicketApp } from './ticket.app';
import { loadTicketConfig } from './ticket.config';

async function main(): Promise<void> {
  const config = loadTicketConfig();
  const app = await createTicketApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
}

void main();
