/**
 * `npm run start:distributed`: the platform as in production, one process per app from dist/,
 * events on Kafka and one MariaDB database per app. Each app's output goes to data/logs/<app>.log.
 * Ctrl-C (or SIGTERM) stops the apps one by one, the gateway first.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

interface AppSpec {
  name: string;
  port: number;
}

/** In start order; the gateway, the way in, last. */
const apps: AppSpec[] = [
  { name: 'payment', port: 8082 },
  { name: 'book', port: 8081 },
  { name: 'ticket', port: 8084 },
  { name: 'mypage', port: 8083 },
  { name: 'notification', port: 8085 },
  { name: 'gateway', port: 8088 },
];

const root = resolve(__dirname, '..', '..');
const logDir = join(root, 'data', 'logs');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const running = new Map<string, ChildProcess>();
let stopping = false;

const say = (line: string) => process.stdout.write(`[start:distributed] ${line}\n`);
const prefixOf = (app: AppSpec) => app.name.toUpperCase();

function environmentOf(app: AppSpec): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MESSAGING_TRANSPORT: 'kafka' };
  const databaseUrl = `${prefixOf(app)}_DB_URL`;
  if (!env[databaseUrl]) env[databaseUrl] = `mysql://root@127.0.0.1:3306/movie_${app.name}`;
  return env;
}

function urlOf(app: AppSpec): string {
  const host = process.env[`${prefixOf(app)}_HOST`] || '127.0.0.1';
  const port = process.env[`${prefixOf(app)}_PORT`] || String(app.port);
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
}

function ensureKafka(): void {
  say('making sure the Kafka broker runs (npm run kafka:start)');
  const result = spawnSync('npm', ['run', '--silent', 'kafka:start'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run kafka:start failed; see its output above');
}

function launch(app: AppSpec): void {
  const log = openSync(join(logDir, `${app.name}.log`), 'w');
  // Its own process group: Ctrl-C reaches only this launcher, which stops the apps in order.
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', app.name, 'src', 'main.js')], {
    cwd: root,
    env: environmentOf(app),
    stdio: ['ignore', log, log],
    detached: true,
  });
  running.set(app.name, child);
  child.once('exit', (code, signal) => {
    running.delete(app.name);
    if (!stopping) say(`${app.name} exited (${signal ?? `code ${code}`}); see data/logs/${app.name}.log`);
  });
}

async function waitReady(app: AppSpec): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!running.has(app.name)) throw new Error(`${app.name} exited during start-up; see data/logs/${app.name}.log`);
    try {
      const response = await fetch(`${urlOf(app)}/health/ready`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${app.name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${last}); see data/logs/${app.name}.log`);
}

async function stopApp(name: string, child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

async function stopAll(exitCode: number): Promise<never> {
  if (stopping) process.exit(1); // a second Ctrl-C: do not wait any longer
  stopping = true;
  for (const app of [...apps].reverse()) {
    const child = running.get(app.name);
    if (!child) continue;
    say(`stopping ${app.name}`);
    await stopApp(app.name, child);
  }
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // If this launcher dies of anything else, its apps must not outlive it.
  process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

  mkdirSync(logDir, { recursive: true });
  ensureKafka();
  for (const app of apps) launch(app);
  say(`starting ${apps.map((app) => app.name).join(', ')}; logs in data/logs/`);
  await Promise.all(apps.map(waitReady));
  const gateway = urlOf(apps[apps.length - 1]);
  say(`ready at ${gateway} (API docs: ${gateway}/docs). Ctrl-C stops every app.`);
}

main().catch((error: unknown) => {
  // Ctrl-C during start-up: the apps are being stopped in order, and the one stopped first is
  // why waitReady gave up; a second stopAll would exit at once and SIGKILL the rest.
  if (stopping) return;
  say(error instanceof Error ? error.message : String(error));
  void stopAll(1);
});
