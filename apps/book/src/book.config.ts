import { MessagingConfig, withMessagingConfig } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';

export interface PaymentCallSettings {
  baseUrl: string;
  /** Per attempt; the original system's Hystrix timeout was 610 ms. */
  timeoutMs: number;
  /** Extra attempts after a connection failure or a 503; a timeout is never retried. */
  retries: number;
  /** Consecutive failed calls that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one trial call. */
  breakerOpenMs: number;
  /** Retry-After for failures other than an open breaker. */
  retryAfterSeconds: number;
}

export interface HoldSettings {
  /** How long a hold keeps its seats; starting to pay extends it once by as much. */
  ttlMs: number;
  /** How often expired holds (and old idempotency keys) are swept. */
  sweepIntervalMs: number;
}

export interface BookConfig {
  port: number;
  host: string;
  /** `sqlite:data/book.sqlite` or `mysql://root@127.0.0.1:3306/movie_book`. */
  databaseUrl: string;
  logLevel: LogLevel;
  payment: PaymentCallSettings;
  /** A pending booking older than this is settled by asking payment (crash recovery). */
  pendingStaleMs: number;
  reconcileIntervalMs: number;
  holds: HoldSettings;
  /** How long an Idempotency-Key and its answer are kept. */
  idempotencyTtlMs: number;
  /** How long book keeps asking payment about a charge whose answer it lost before voiding it. */
  unknownResolveMs: number;
  messaging: MessagingConfig;
}

export function loadBookConfig(env: NodeJS.ProcessEnv = process.env): BookConfig {
  const platform = new EnvReader(env);
  const book = platform.scoped('BOOK_');
  const config: Omit<BookConfig, 'messaging'> = {
    port: book.int('PORT', 8081, { min: 1, max: 65535 }),
    host: book.str('HOST', '127.0.0.1'),
    databaseUrl: book.str('DB_URL', 'sqlite:data/book.sqlite'),
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    payment: {
      baseUrl: book.str('PAYMENT_URL', 'http://127.0.0.1:8082'),
      timeoutMs: book.int('PAYMENT_TIMEOUT_MS', 610, { min: 10, max: 60_000 }),
      retries: book.int('PAYMENT_RETRIES', 1, { min: 0, max: 5 }),
      breakerThreshold: book.int('BREAKER_THRESHOLD', 5, { min: 1, max: 1000 }),
      breakerOpenMs: book.int('BREAKER_OPEN_MS', 5000, { min: 100, max: 600_000 }),
      retryAfterSeconds: book.int('RETRY_AFTER_SECONDS', 2, { min: 1, max: 600 }),
    },
    pendingStaleMs: book.int('PENDING_STALE_MS', 30_000, { min: 100, max: 86_400_000 }),
    reconcileIntervalMs: book.int('RECONCILE_INTERVAL_MS', 10_000, { min: 100, max: 3_600_000 }),
    holds: {
      ttlMs: book.int('HOLD_TTL_MS', 300_000, { min: 100, max: 86_400_000 }),
      sweepIntervalMs: book.int('HOLD_SWEEP_INTERVAL_MS', 5_000, { min: 50, max: 3_600_000 }),
    },
    idempotencyTtlMs: book.int('IDEMPOTENCY_TTL_MS', 86_400_000, { min: 1_000, max: 30 * 86_400_000 }),
    unknownResolveMs: book.int('UNKNOWN_RESOLVE_MS', 10_000, { min: 100, max: 600_000 }),
  };
  return withMessagingConfig(env, 'book', platform, config);
}
