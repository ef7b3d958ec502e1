import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 90_000;

/**
 * Runs compiled apps (dist/) as real processes, the way test/support/platform.ts does, but by
 * instance name, so two instances of one app can run side by side.
 */
export class Processes {
  private readonly running = new Map<string, ChildProcess>();

  constructor(
    private readonly root: string,
    private readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  start(instance: string, app: string, env: Record<string, string>): void {
    if (this.running.has(instance)) throw new Error(`${instance} is already running`);
    const log = createWriteStream(join(this.logDir, `${instance}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(this.root, 'dist', 'apps', app, 'src', 'main.js')], {
      cwd: this.root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', () => this.running.delete(instance));
    this.running.set(instance, child);
  }

  /**
   * SIGTERM and wait for the exit; SIGKILL only if it never comes. True if the exit was orderly:
   * code 0, or SIGTERM itself, which Nest raises again once its shutdown hooks have run. Only
   * then: runAppProcess listens for SIGTERM (to arm the shutdown ceiling), which takes away
   * Node's default of dying on it, so an app whose hooks never ran would end by the ceiling's
   * code 1, not by the signal.
   */
  async stop(instance: string): Promise<boolean> {
    const child = this.running.get(instance);
    if (!child || child.exitCode !== null || child.signalCode !== null) return true;
    const exited = new Promise<boolean>((done) => child.once('exit', (code, signal) => done(code === 0 || signal === 'SIGTERM')));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const orderly = await exited;
    clearTimeout(timer);
    return orderly;
  }

  async stopAll(): Promise<void> {
    for (const instance of [...this.running.keys()].reverse()) await this.stop(instance);
  }

  async waitReady(instance: string, url: string): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running.has(instance)) throw new Error(`${instance} exited during start-up; see ${this.logDir}/${instance}.log`);
      try {
        const response = await fetch(`${url}/health/ready`);
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(200);
    }
    throw new Error(`${instance} was not ready within ${READY_TIMEOUT_MS} ms (${last}); see ${this.logDir}/${instance}.log`);
  }
}
