import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';

export type AppName = 'gateway' | 'book' | 'payment' | 'mypage' | 'ticket' | 'notification';

const offsets: Record<AppName, number> = { gateway: 0, book: 1, payment: 2, mypage: 3, ticket: 4, notification: 5 };
/** Start order: a service's dependencies come before it. */
export const allApps: AppName[] = ['payment', 'book', 'ticket', 'mypage', 'notification', 'gateway'];

const root = resolve(__dirname, '../..');

export interface PlatformOptions {
  /** Names the log folder and the MariaDB databases, e.g. "booking-core". */
  suite: string;
  /** `distributed`: one process per app; `embedded`: every app in one process. */
  mode: 'distributed' | 'embedded';
  /** Ports are basePort + 0 (gateway) .. + 5; give each suite its own range. */
  basePort: number;
  database: 'sqlite' | 'mysql';
  messaging?: 'memory' | 'kafka';
  /** Extra environment for every process (e.g. fault settings). */
  env?: Record<string, string>;
}

/**
 * Runs the compiled apps (dist/) as real processes for end-to-end tests: real HTTP between
 * them, real databases, and a real broker when messaging is kafka.
 */
export class Platform {
  private readonly processes = new Map<AppName | 'embedded', ChildProcess>();
  readonly logDir: string;

  constructor(private readonly options: PlatformOptions) {
    this.logDir = join(root, 'data', 'e2e-logs', options.suite);
    mkdirSync(this.logDir, { recursive: true });
  }

  port(app: AppName): number {
    return this.options.basePort + offsets[app];
  }

  url(app: AppName): string {
    return `http://127.0.0.1:${this.port(app)}`;
  }

  get gateway(): string {
    return this.url('gateway');
  }

  databaseUrl(app: AppName): string {
    const name = `e2e_${this.options.suite.replace(/\W/g, '_')}_${app}`;
    if (this.options.database === 'mysql') return `${testMysqlServer()}/${name}`;
    return `sqlite:${join(root, 'data', 'e2e', `${name}.sqlite`)}`;
  }

  /** Drops every database of this suite so the run starts empty. */
  async resetDatabases(): Promise<void> {
    if (this.options.database === 'mysql') {
      const server = new URL(testMysqlServer());
      const connection = await createConnection({ host: server.hostname, port: Number(server.port || 3306), user: server.username || 'root', password: server.password });
      try {
        for (const app of allApps) {
          const name = new URL(this.databaseUrl(app)).pathname.slice(1);
          await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
        }
      } finally {
        await connection.end();
      }
      return;
    }
    const { rmSync } = await import('node:fs');
    for (const app of allApps) {
      const file = this.databaseUrl(app).slice('sqlite:'.length);
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }

  env(): Record<string, string> {
    const env: Record<string, string> = {
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'log',
      MESSAGING_TRANSPORT: this.options.messaging ?? 'memory',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      MESSAGING_NAMESPACE: `e2e.${this.options.suite}.${process.pid}.`,
      BOOK_PAYMENT_URL: this.url('payment'),
      TICKET_BOOK_URL: this.url('book'),
      PAYMENT_FAULT_CONTROL: 'true',
      // Suites call the gateway without tokens; a suite about access sets required.
      GATEWAY_AUTH_MODE: 'demo',
    };
    for (const app of allApps) {
      const prefix = app.toUpperCase();
      env[`${prefix}_PORT`] = String(this.port(app));
      env[`${prefix}_HOST`] = '127.0.0.1';
      env[`${prefix}_DB_URL`] = this.databaseUrl(app);
      env[`GATEWAY_${prefix}_URL`] = this.url(app);
    }
    return { ...env, ...this.options.env };
  }

  /**
   * One app after another, each once ready; `together` starts them all at once, as
   * `npm run start:distributed` and a Kubernetes rollout of a new cluster do.
   */
  async start(apps: AppName[] = allApps, { together = false } = {}): Promise<void> {
    if (this.options.mode === 'embedded') {
      this.spawn('embedded', 'apps/embedded/src/main.js');
      await Promise.all(allApps.map((app) => this.waitReady(app)));
      return;
    }
    if (together) {
      apps.forEach((app) => this.spawn(app, `apps/${app}/src/main.js`));
      await Promise.all(apps.map((app) => this.waitReady(app)));
      return;
    }
    for (const app of apps) {
      this.spawn(app, `apps/${app}/src/main.js`);
      await this.waitReady(app);
    }
  }

  /** SIGTERM: graceful shutdown; resolves when the process has exited. */
  async stop(app: AppName | 'embedded'): Promise<void> {
    await this.signal(app, 'SIGTERM');
  }

  /** SIGKILL: a crash, with no chance to clean up. */
  async kill(app: AppName | 'embedded'): Promise<void> {
    await this.signal(app, 'SIGKILL');
  }

  async restart(app: AppName): Promise<void> {
    await this.stop(app);
    await this.start([app]);
  }

  /** Stops every app, then drops the suite's topics, which no later run reads (the namespace has this run's pid). */
  async stopAll(): Promise<void> {
    const running = [...this.processes.keys()].reverse();
    for (const app of running) await this.stop(app);
    if (this.options.messaging === 'kafka') await this.dropTopics();
  }

  /** Best effort: a broker the suite has stopped keeps them, and that is all. */
  private async dropTopics(): Promise<void> {
    const { KAFKA_BROKERS: brokers, MESSAGING_NAMESPACE: namespace } = this.env();
    const kafka = new Kafka({ clientId: 'e2e-cleanup', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 } });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(namespace));
      if (topics.length > 0) await admin.deleteTopics({ topics });
    } catch {
      // The broker is down or busy: the topics stay, and only take disk space.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  async waitReady(app: AppName, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const owner = this.options.mode === 'embedded' ? 'embedded' : app;
    let last = '';
    while (Date.now() < deadline) {
      if (!this.processes.has(owner)) throw new Error(`${app} exited during start-up; see ${this.logDir}`);
      try {
        const response = await fetch(`${this.url(app)}/health/ready`);
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(200);
    }
    throw new Error(`${app} was not ready within ${timeoutMs} ms (${last}); see ${this.logDir}`);
  }

  private spawn(name: AppName | 'embedded', script: string): void {
    if (this.processes.has(name)) throw new Error(`${name} is already running`);
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(root, process.env.E2E_DIST_DIR ?? 'dist', script)], {
      cwd: root,
      env: { ...process.env, ...this.env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', () => this.processes.delete(name));
    this.processes.set(name, child);
  }

  private async signal(name: AppName | 'embedded', signal: NodeJS.Signals): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
