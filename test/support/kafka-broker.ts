import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * A single-node KRaft broker run by scripts/kafka/start.sh and stop.sh, which keep the broker's
 * jars, data and pid file under `<home>/.kafka`. The shared broker's home is the repository; a
 * suite that stops its broker gets one of its own (see isolatedBroker), so the other suites'
 * broker on 9092 keeps running under them.
 */
export interface KafkaBroker {
  /** The folder whose scripts/kafka/*.sh are run, so theirs is the .kafka/ they use. */
  home: string;
  port: number;
  controllerPort: number;
}

/** The broker `npm run kafka:start` runs, on KAFKA_PORT or 9092. */
export const sharedBroker: KafkaBroker = {
  home: root,
  port: Number(process.env.KAFKA_PORT ?? 9092),
  controllerPort: Number(process.env.KAFKA_CONTROLLER_PORT ?? 9093),
};

/** `127.0.0.1:<port>`, for KAFKA_BROKERS. */
export const brokerAddress = (broker: KafkaBroker): string => `127.0.0.1:${broker.port}`;

/**
 * A broker of a suite's own under data/e2e-kafka/<name>: the repository's scripts (symlinked,
 * so they are the ones under test) and the shared broker's jars, with empty data on `port`.
 */
export function isolatedBroker(name: string, port: number, controllerPort = port + 1): KafkaBroker {
  const home = join(root, 'data', 'e2e-kafka', name);
  const scripts = join(home, 'scripts', 'kafka');
  mkdirSync(scripts, { recursive: true });
  mkdirSync(join(home, '.kafka'), { recursive: true });
  for (const file of ['start.sh', 'stop.sh', 'await-metadata.js']) link(join(root, 'scripts', 'kafka', file), join(scripts, file));
  // start.sh fetches the jars with Maven only when .kafka/libs has none; reuse the shared ones if they are there.
  if (existsSync(join(root, '.kafka', 'libs'))) link(join(root, '.kafka', 'libs'), join(home, '.kafka', 'libs'));
  else link(join(root, 'kafka'), join(home, 'kafka'));
  return { home, port, controllerPort };
}

/** Starts the broker and resolves once it answers a metadata request (start.sh waits for that). */
export async function startBroker(broker: KafkaBroker = sharedBroker): Promise<void> {
  await script(broker, 'start.sh', 120_000);
}

/** Stops the broker (SIGTERM, then SIGKILL after the script's grace) and resolves once it has exited. */
export async function stopBroker(broker: KafkaBroker = sharedBroker): Promise<void> {
  await script(broker, 'stop.sh', 60_000);
}

/** Throws away the broker's topics and offsets; it must be stopped. start.sh formats fresh storage. */
export function wipeBroker(broker: KafkaBroker): void {
  if (broker.home === root) throw new Error('refusing to wipe the shared broker');
  rmSync(join(broker.home, '.kafka', 'data'), { recursive: true, force: true });
}

async function script(broker: KafkaBroker, name: string, timeout: number): Promise<void> {
  const env = { ...process.env, KAFKA_PORT: String(broker.port), KAFKA_CONTROLLER_PORT: String(broker.controllerPort) };
  try {
    await run('bash', [join(broker.home, 'scripts', 'kafka', name)], { cwd: broker.home, env, timeout });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`kafka ${name} failed: ${(error as Error).message}\n${stdout}${stderr}`, { cause: error });
  }
}

function link(target: string, path: string): void {
  try {
    lstatSync(path);
  } catch {
    symlinkSync(target, path);
  }
}
