import { DEFAULT_DEAD_LETTER_FILE } from '@movie/messaging';
import { EnvReader, LogLevel } from '@movie/runtime';

export interface EmbeddedConfig {
  /** What every app's own `loadXConfig` reads: the process environment over the embedded defaults. */
  appEnvironment: NodeJS.ProcessEnv;
  logLevel: LogLevel;
  /** How long an orderly shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** App names by worker thread, so that the apps use more than one core; empty: all on the main thread. */
  threads: string[][];
  /** Each worker thread's young generation in MB. */
  youngGenerationMb: number;
  /** Where the dead letters are kept, one JSON line each (`npm run dead-letters -- list` reads it). */
  deadLetterFile: string;
}

/**
 * One process needs no broker: events travel in memory behind the same outbox and handlers.
 * Each app's database already defaults to its own SQLite file under data/. The gateway lets
 * calls without a token through, as before authentication, unless GATEWAY_AUTH_MODE=required.
 */
const embeddedDefaults: NodeJS.ProcessEnv = { MESSAGING_TRANSPORT: 'memory', GATEWAY_AUTH_MODE: 'demo' };

/**
 * Book and the gateway in front of it on one core; payment, which book calls, and the consumers
 * on the other. Of the groupings measured this one booked the most; more threads cost more CPU a
 * booking than they win (docs/benchmarks.md, "Threads of the embedded mode").
 */
const defaultThreads = ['gateway+book', 'payment+ticket+mypage+notification'];

/**
 * A booking leaves a trail of short-lived objects (requests, rows, events); with a young
 * generation of 192 MB instead of V8's default a thread collects it less often, for about 6 %
 * less CPU a booking and 6 % more bookings/s (docs/performance-journal.md, 29 November).
 */
const defaultYoungGenerationMb = 192;

export function loadEmbeddedConfig(env: NodeJS.ProcessEnv, appNames: readonly string[]): EmbeddedConfig {
  const platform = new EnvReader(env);
  const groups = platform.list('EMBEDDED_THREADS', defaultThreads);
  const config: EmbeddedConfig = {
    appEnvironment: { ...embeddedDefaults, ...env },
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    shutdownTimeoutMs: platform.int('EMBEDDED_SHUTDOWN_TIMEOUT_MS', 20_000, { min: 1 }),
    threads: groups.join() === 'none' ? [] : groups.map((group) => group.split('+').map((name) => name.trim())),
    youngGenerationMb: platform.int('EMBEDDED_YOUNG_GENERATION_MB', defaultYoungGenerationMb, { min: 8 }),
    deadLetterFile: platform.str('EMBEDDED_DEAD_LETTER_FILE', DEFAULT_DEAD_LETTER_FILE),
  };
  platform.done(threadProblems(config.threads, appNames));
  return config;
}

/** Every app in exactly one thread, and no name that is not an app. */
function threadProblems(threads: string[][], appNames: readonly string[]): string[] {
  if (threads.length === 0) return [];
  const named = threads.flat();
  const problem = (what: string) => `EMBEDDED_THREADS ${what} (a comma-separated list of groups like "gateway+book", or "none")`;
  const unknown = named.filter((name) => !appNames.includes(name));
  const missing = appNames.filter((name) => !named.includes(name));
  const twice = appNames.filter((name) => named.indexOf(name) !== named.lastIndexOf(name));
  return [
    ...(unknown.length > 0 ? [problem(`names ${unknown.join(', ')}, not apps of the platform (${appNames.join(', ')})`)] : []),
    ...(missing.length > 0 ? [problem(`leaves out ${missing.join(', ')}`)] : []),
    ...(twice.length > 0 ? [problem(`puts ${twice.join(', ')} in more than one thread`)] : []),
  ];
}
