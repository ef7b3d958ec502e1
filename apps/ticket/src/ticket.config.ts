import { EnvReader, LogLevel } from '@movie/runtime';

export interface TicketConfig {
  port: number;
  host: string;
  /** `sqlite:data/ticket.sqlite` or `mysql://root@127.0.0.1:3306/movie_ticket`. */
  databaseUrl: string;
  logLevel: LogLevel;
}

export function loadTicketConfig(env: NodeJS.ProcessEnv = process.env): TicketConfig {
  const platform = new EnvReader(env);
  const ticket = platform.scoped('TICKET_');
  const config: TicketConfig = {
    port: ticket.int('PORT', 8084, { min: 1, max: 65535 }),
    host: ticket.str('HOST', '127.0.0.1'),
    databaseUrl: ticket.str('DB_URL', 'sqlite:data/ticket.sqlite'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
  };
  platform.done();
  return config;
}
