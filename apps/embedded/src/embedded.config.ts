import { EnvReader, LogLevel } from '@movie/runtime';

export interface EmbeddedConfig {
  /** What every app's own `loadXConfig` reads: the process environment over the embedded defaults. */
  appEnvironment: NodeJS.ProcessEnv;
  logLevel: LogLevel;
  /** How long an orderly shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
}

/**
 * One process needs no broker: events travel in memory behind the same outbox and handlers.
 * Each app's database already defaults to its own SQLite file under data/. The gateway lets
 * calls without a token through, as before authentication, unless GATEWAY_AUTH_MODE=required.
 */
const embeddedDefaults: NodeJS.ProcessEnv = { MESSAGING_TRANSPORT: 'memory', GATEWAY_AUTH_MODE: 'demo' };

export function loadEmbeddedConfig(env: NodeJS.ProcessEnv = process.env): EmbeddedConfig {
  const platform = new EnvReader(env);
  const config: EmbeddedConfig = {
    appEnvironment: { ...embeddedDefaults, ...env },
    logLevel: platform.oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'] as const, 'log'),
    shutdownTimeoutMs: platform.int('EMBEDDED_SHUTDOWN_TIMEOUT_MS', 20_000, { min: 1 }),
  };
  platform.done();
  return config;
}
