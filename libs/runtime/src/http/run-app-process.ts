import { Logger } from '@nestjs/common';
import { EnvReader } from '../config/env-reader';

/** What an app needs to run as its own process: its consumers, then its HTTP port. */
export interface ProcessApp {
  startAllMicroservices(): Promise<unknown>;
  listen(port: number, host: string): Promise<unknown>;
}

/** What the ceiling needs of the process; a test hands in its own. */
export interface ShutdownSignals {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  exit(code: number): void;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

/**
 * Runs one app of the distributed mode as its process. On SIGTERM or SIGINT Nest closes the app
 * (enableShutdownHooks); a close that is not done within SHUTDOWN_TIMEOUT_MS (20 s) ends the
 * process with code 1 and says so, inside Kubernetes' grace period (preStop 5 s + 20 s + margin
 * = 35 s), rather than being killed without a word at its end.
 */
export async function runAppProcess(app: ProcessApp, address: { port: number; host: string }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const reader = new EnvReader(env);
  const ceilingMs = reader.int('SHUTDOWN_TIMEOUT_MS', DEFAULT_SHUTDOWN_TIMEOUT_MS, { min: 1 });
  reader.done();
  armShutdownCeiling(ceilingMs);
  await app.startAllMicroservices();
  await app.listen(address.port, address.host);
}

export function armShutdownCeiling(ms: number, signals: ShutdownSignals = processSignals()): void {
  const arm = () => {
    const timer = setTimeout(() => {
      new Logger('Shutdown').error(`the app did not close within ${ms} ms (SHUTDOWN_TIMEOUT_MS); exiting`);
      signals.exit(1);
    }, ms);
    timer.unref();
  };
  signals.once('SIGTERM', arm);
  signals.once('SIGINT', arm);
}

function processSignals(): ShutdownSignals {
  return { once: (signal, listener) => process.once(signal, listener), exit: (code) => process.exit(code) };
}
