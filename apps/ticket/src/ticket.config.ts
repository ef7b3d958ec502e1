import { MessagingConfig, withMessagingConfig } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';

export interface TicketConfig {
  port: number;
  host: string;
  /** `sqlite:data/ticket.sqlite` or `mysql://root@127.0.0.1:3306/movie_ticket`. */
  databaseUrl: string;
  logLevel: LogLevel;
  /** Book, which decides whether a ticket may be printed (it owns the booking's state). */
  bookUrl: string;
  /** How long a print waits for book before answering 503. */
  bookTimeoutMs: number;
  /** Retry-After of a 503 when book does not answer. */
  bookRetryAfterSeconds: number;
  messaging: MessagingConfig;
}

export function loadTicketConfig(env: NodeJS.ProcessEnv = process.env): TicketConfig {
  const platform = new EnvReader(env);
  const ticket = platform.scoped('TICKET_');
  const config: Omit<TicketConfig, 'messaging'> = {
    port: ticket.int('PORT', 8084, { min: 1, max: 65535 }),
    host: ticket.str('HOST', '127.0.0.1'),
    databaseUrl: ticket.str('DB_URL', 'sqlite:data/ticket.sqlite'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    bookUrl: ticket.str('BOOK_URL', 'http://127.0.0.1:8081'),
    bookTimeoutMs: ticket.int('BOOK_TIMEOUT_MS', 2000, { min: 10, max: 60_000 }),
    bookRetryAfterSeconds: ticket.int('BOOK_RETRY_AFTER_SECONDS', 2, { min: 1, max: 600 }),
  };
  return withMessagingConfig(env, 'ticket', platform, config);
}
