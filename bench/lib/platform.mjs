// Starts the compiled platform (dist/) for a benchmark: embedded (one process, SQLite, in-memory
// bus) or distributed (a process per app, MariaDB, Kafka under a namespace of its own).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { root } from './paths.mjs';

/** Where the compiled apps are: this checkout, or BENCH_APP_ROOT (another worktree's build, to compare a change). */
export const appRoot = process.env.BENCH_APP_ROOT ?? root;

export const apps = ['payment', 'book', 'ticket', 'mypage', 'notification', 'gateway'];
const offsets = { gateway: 0, book: 1, payment: 2, mypage: 3, ticket: 4, notification: 5 };
export const mysqlServer = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
export const ADMIN_TOKEN = 'bench-admin-token';

/**
 * @typedef {object} PlatformOptions
 * @property {string} suite names the databases and the log folder, e.g. "throughput-embedded"
 * @property {'embedded'|'distributed'} mode
 * @property {number} basePort gateway's port; the apps take the next five (19000-19099 for benchmarks)
 * @property {Record<string,string>} [env] extra settings for every process
 * @property {string[]} [nodeArgs] extra node flags (e.g. --cpu-prof) for every app process
 * @property {string[]} [only] distributed mode: start only these apps
 * @property {string} [appRoot] the checkout whose dist/ runs; appRoot (above) if unset
 * @property {string[]} [launcher] a command that runs node for each app process (e.g. valgrind and its flags)
 * @property {string[]} [launched] distributed mode: only these apps run under the launcher, the rest straight on node
 * @property {number} [readyTimeoutMs] how long an app may take to start (90 s; far longer under valgrind)
 */
export class Platform {
  /** @param {PlatformOptions} options */
  constructor(options) {
    this.options = options;
    this.processes = new Map();
    this.logDir = join(root, 'data', 'bench-logs', options.suite);
    this.namespace = `bench.${process.pid}.${options.suite}.`;
    mkdirSync(this.logDir, { recursive: true });
  }

  get mode() {
    return this.options.mode;
  }

  get appRoot() {
    return this.options.appRoot ?? appRoot;
  }

  port(app) {
    return this.options.basePort + offsets[app];
  }

  url(app) {
    return `http://127.0.0.1:${this.port(app)}`;
  }

  get gateway() {
    return this.url('gateway');
  }

  databaseName(app) {
    return `bench_${this.options.suite.replace(/\W/g, '_')}_${app}`;
  }

  databaseUrl(app) {
    if (this.mode === 'distributed') return `${mysqlServer}/${this.databaseName(app)}`;
    return `sqlite:${join(root, 'data', 'bench', `${this.databaseName(app)}.sqlite`)}`;
  }

  env() {
    const env = {
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      MESSAGING_TRANSPORT: this.mode === 'distributed' ? 'kafka' : 'memory',
      MESSAGING_NAMESPACE: this.namespace,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      BOOK_PAYMENT_URL: this.url('payment'),
      TICKET_BOOK_URL: this.url('book'),
      PAYMENT_FAULT_CONTROL: 'true',
      MYPAGE_ADMIN_TOKEN: ADMIN_TOKEN,
      // The original's anonymous load (x-customer-id, no token), as npm start serves it; demo mode also
      // turns the gateway's per-client rate limit off, which would answer this load with 429s.
      GATEWAY_AUTH_MODE: 'demo',
    };
    for (const app of apps) {
      const prefix = app.toUpperCase();
      env[`${prefix}_PORT`] = String(this.port(app));
      env[`${prefix}_HOST`] = '127.0.0.1';
      env[`${prefix}_DB_URL`] = this.databaseUrl(app);
      env[`GATEWAY_${prefix}_URL`] = this.url(app);
    }
    return { ...env, ...this.options.env };
  }

  async resetDatabases() {
    if (this.mode === 'distributed') {
      await withMysql(async (connection) => {
        for (const app of apps) await connection.query(`DROP DATABASE IF EXISTS \`${this.databaseName(app)}\``);
      });
      return;
    }
    for (const app of apps) {
      const file = this.databaseUrl(app).slice('sqlite:'.length);
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }

  async start() {
    await this.checkPortsFree();
    if (this.mode === 'distributed' && !existsSync(join(this.appRoot, 'dist/libs/messaging/src/transport/kafka/kafka-namespace.js'))) {
      // Without it the apps would join the shared consumer groups of anyone else's platform on this broker.
      throw new Error(`${this.appRoot}/dist has no MESSAGING_NAMESPACE support yet: rebuild (npm run build) before a distributed run`);
    }
    await this.resetDatabases();
    if (this.mode === 'embedded') {
      this.spawn('embedded', 'apps/embedded/src/main.js', this.options.nodeArgs ?? []);
      await Promise.all(apps.map((app) => this.waitReady(app, this.options.readyTimeoutMs)));
      return;
    }
    for (const app of this.options.only ?? apps) {
      this.spawnApp(app);
      await this.waitReady(app, this.options.readyTimeoutMs);
    }
  }

  /** Process ids by app; in embedded mode one process serves them all. */
  pids() {
    return Object.fromEntries([...this.processes].map(([name, child]) => [name, child.pid]));
  }

  /** CPU seconds (user + system) the platform's processes have used so far. */
  cpuSeconds() {
    return [...this.processes.values()].reduce((sum, child) => sum + cpuSecondsOf(child.pid), 0);
  }

  /**
   * Waits until the platform's processes use less than `maxCores` of CPU over a `windowMs` window:
   * after a burst of bookings the consumers, outbox relays and collectors are still at work on its
   * events, and a measurement started then shares the cores with them. Resolves with the ms waited.
   */
  async waitQuiet({ maxCores = 0.15, windowMs = 1000, timeoutMs = 60_000 } = {}) {
    const started = performance.now();
    for (;;) {
      const before = this.cpuSeconds();
      await pause(windowMs);
      const cores = (this.cpuSeconds() - before) / (windowMs / 1000);
      if (cores < maxCores) return Math.round(performance.now() - started);
      if (performance.now() - started > timeoutMs) throw new Error(`the platform still used ${cores.toFixed(2)} cores ${timeoutMs} ms after the load stopped`);
    }
  }

  /** Stops one app with `signal` (SIGKILL: no shutdown at all), starts it again after `downMs` and waits until it is ready. */
  async restart(app, signal, downMs) {
    await this.signal(app, signal);
    await pause(downMs);
    this.spawnApp(app);
    await this.waitReady(app);
  }

  /** Distributed mode: one app's own process. */
  spawnApp(app) {
    this.spawn(app, `apps/${app}/src/main.js`, this.options.nodeArgs ?? []);
  }

  async stop() {
    for (const name of [...this.processes.keys()].reverse()) await this.signal(name, 'SIGTERM');
  }

  /** Drops the benchmark's databases once it is done with them. */
  async dispose() {
    await this.stop();
    await this.resetDatabases();
    if (this.mode === 'distributed') await this.deleteTopics();
  }

  async kafkaAdmin() {
    const { Kafka, logLevel } = await import('kafkajs');
    return new Kafka({ clientId: 'bench', brokers: this.env().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  }

  /**
   * Distributed mode: the messages of the run's topics that the consumer groups of `apps` have
   * not committed yet, summed; apps whose group has committed nothing (no consumer) count 0.
   */
  async consumerLag(apps) {
    const admin = await this.kafkaAdmin();
    try {
      await admin.connect();
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(this.namespace) && !topic.endsWith('.DLT'));
      const ends = new Map(await Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)])));
      let lag = 0;
      for (const app of apps) {
        const committed = await admin.fetchOffsets({ groupId: `${this.namespace}${app}`, topics });
        for (const { topic, partitions } of committed) {
          for (const { partition, offset } of partitions) {
            if (Number(offset) < 0) continue;
            const end = ends.get(topic).find((candidate) => candidate.partition === partition);
            lag += Math.max(0, Number(end.high) - Number(offset));
          }
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  /** The run's own topics (its namespace), so the shared broker does not collect them. */
  async deleteTopics() {
    const admin = await this.kafkaAdmin();
    try {
      await admin.connect();
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(this.namespace));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    } catch (error) {
      process.stdout.write(`[bench] topics under ${this.namespace} not deleted: ${error.message}\n`);
    } finally {
      await admin.disconnect();
    }
  }

  async waitReady(app, timeoutMs = 90_000) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const name = this.mode === 'embedded' ? 'embedded' : app;
      if (!this.processes.has(name)) throw new Error(`${name} exited during start-up; see ${this.logDir}`);
      try {
        const response = await fetch(`${this.url(app)}/health/ready`);
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await pause(200);
    }
    throw new Error(`${app} was not ready within ${timeoutMs} ms (${last}); see ${this.logDir}`);
  }

  /** An app left running by an interrupted run would answer in place of the new one, and mix its figures in. */
  async checkPortsFree() {
    for (const app of this.options.only ?? apps) {
      const port = this.port(app);
      const free = await new Promise((answer) => {
        const probe = createServer().once('error', () => answer(false));
        probe.listen(port, '127.0.0.1', () => probe.close(() => answer(true)));
      });
      if (!free) throw new Error(`port ${port} (${app}) is taken, perhaps by an app an interrupted benchmark left running: stop it (pkill -f dist/apps/) and run again`);
    }
  }

  spawn(name, script, nodeArgs) {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'w' });
    const launcher = this.options.launched && !this.options.launched.includes(name) ? [] : (this.options.launcher ?? []);
    const [command, ...launcherArgs] = [...launcher, process.execPath];
    const child = spawn(command, [...launcherArgs, ...nodeArgs, join(this.appRoot, 'dist', script)], {
      cwd: this.appRoot,
      env: { ...process.env, ...this.env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.once('exit', () => {
      this.processes.delete(name);
      children.delete(child);
    });
    this.processes.set(name, child);
    children.add(child);
  }

  async signal(name, signal) {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

// Whatever ends the benchmark (a thrown error, Ctrl-C), the apps it started end with it.
const children = new Set();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
process.once('SIGINT', () => process.exit(130));

export async function withMysql(work, database) {
  const server = new URL(mysqlServer);
  const connection = await mysql.createConnection({
    host: server.hostname,
    port: Number(server.port || 3306),
    user: decodeURIComponent(server.username || 'root'),
    password: decodeURIComponent(server.password),
    database,
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kib / 1024) * 10) / 10;
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (USER_HZ is 100 on Linux). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const pause = (ms) => new Promise((done) => setTimeout(done, ms));
