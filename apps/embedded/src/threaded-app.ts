import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BusSequencer, DeadLetterFile, linkBus } from '@movie/messaging';
import type { AppThreadCommand, AppThreadData, AppThreadReply, AppThreadRequest } from './app-thread';
import type { ListenAddress, PlatformApp, StartableApp } from './embedded-platform';

/** The compiled thread entry; it sits beside this file in dist/. */
const appThreadEntry = join(__dirname, 'app-thread.js');

type Waiter = { command: AppThreadCommand; settle: (reply: AppThreadReply | Error) => void };

/**
 * A worker thread that runs some apps of the embedded platform, with its own event loop, so
 * the apps of one process share the machine's cores. Their HTTP calls still go through
 * loopback, and their events through the sequenced bus.
 */
class AppThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<string, Waiter>();
  private readonly open = new Set<string>();
  private failure: string | undefined;
  private ended: string | undefined;

  /** The thread starts at once, loading its code while the apps before its first one start. */
  constructor(
    private readonly names: string[],
    private readonly onCrash: (reason: string) => void,
    sequencer: BusSequencer,
    /** What its apps read; undefined if one of them does not say. */
    topics: string[] | undefined,
    options: AppThreadOptions,
  ) {
    this.worker = this.spawn(sequencer, topics, options);
  }

  send(app: string, command: AppThreadCommand): Promise<AppThreadReply> {
    if (this.ended) return Promise.reject(new Error(this.ended));
    if (this.waiting.has(app)) return Promise.reject(new Error(`${app} is still busy with ${this.waiting.get(app)!.command}`));
    // A closing app no longer counts as running: its thread may end once it has closed.
    if (command === 'close') this.open.delete(app);
    return new Promise((resolve, reject) => {
      this.waiting.set(app, {
        command,
        settle: (reply) => {
          if (reply instanceof Error) return reject(reply);
          if ('created' in reply) this.open.add(app);
          resolve(reply);
        },
      });
      this.worker.postMessage({ app, command } satisfies AppThreadRequest);
    });
  }

  /** Ends a thread none of whose apps runs (the platform stopped before them, or they failed to start). */
  async end(): Promise<void> {
    if (this.open.size === 0) await this.worker.terminate();
  }

  private spawn(sequencer: BusSequencer, topics: string[] | undefined, { env, entry = appThreadEntry, youngGenerationMb }: AppThreadOptions): Worker {
    const bus = sequencer.connect(topics);
    const resourceLimits = youngGenerationMb ? { maxYoungGenerationSizeMb: youngGenerationMb } : undefined;
    const worker = new Worker(entry, { workerData: { bus, topics } satisfies AppThreadData, transferList: [bus], env, resourceLimits });
    worker.on('message', (reply: AppThreadReply) => {
      const waiter = this.waiting.get(reply.app);
      this.waiting.delete(reply.app);
      waiter?.settle('failed' in reply ? new Error(`${reply.app}: ${reply.error}`) : reply);
    });
    // An uncaught error ends the thread: 'error' comes first, then 'exit'.
    worker.on('error', (error) => (this.failure = error.stack ?? error.message));
    worker.on('exit', (code) => {
      const reason = `the thread of ${this.names.join(', ')} ended (exit code ${code})${this.failure ? `: ${this.failure}` : ''}`;
      this.ended = reason;
      for (const waiter of this.waiting.values()) waiter.settle(new Error(reason));
      this.waiting.clear();
      if (this.open.size > 0) this.onCrash(`${reason} while the platform ran`);
    });
    return worker;
  }
}

class ThreadedApp implements StartableApp {
  constructor(
    private readonly name: string,
    private readonly thread: AppThread,
  ) {}

  async create(): Promise<ListenAddress> {
    const reply = await this.thread.send(this.name, 'create');
    if (!('created' in reply)) throw new Error(`${this.name} answered create with ${JSON.stringify(reply)}`);
    return reply.created;
  }

  async startAllMicroservices(): Promise<void> {
    await this.thread.send(this.name, 'consume');
  }

  /** The thread listens on the address its app's config gave; the launcher's copy of it is the same. */
  async listen(): Promise<void> {
    await this.thread.send(this.name, 'listen');
  }

  async close(): Promise<void> {
    await this.thread.send(this.name, 'close');
  }
}

/** The topics a thread of these apps is given: all, if one of them does not say what it reads. */
function topicsReadBy(apps: PlatformApp[]): string[] | undefined {
  if (apps.some(({ reads }) => reads === undefined)) return undefined;
  return [...new Set(apps.flatMap(({ reads }) => reads ?? []))];
}

/** The platform's apps in worker threads, and a way to end the threads once their apps have stopped. */
export interface AppThreads {
  apps: PlatformApp[];
  /** Ends the threads whose apps never started, stops keeping dead letters and unlinks the bus. */
  end(): Promise<void>;
}

export interface AppThreadOptions {
  /** Every app's environment. */
  env: NodeJS.ProcessEnv;
  /** The thread's script; app-thread.js unless a test brings its own. */
  entry?: string;
  /** Each thread's young generation in MB (V8's `maxYoungGenerationSizeMb`); V8's default if unset. */
  youngGenerationMb?: number;
  /** The dead-letter topics, which no app reads, and the file the main thread keeps their messages in. */
  deadLetters?: { topics: readonly string[]; file: DeadLetterFile };
}

/**
 * Starts a worker thread for each group of app names (each app in one group), their bus
 * replicas linked through one sequencer, and keeps the dead letters in their file if told where.
 * `onCrash` hears of a thread that ended while its apps ran.
 */
export function startAppThreads(
  apps: PlatformApp[],
  groups: string[][],
  onCrash: (reason: string) => void,
  options: AppThreadOptions,
): AppThreads {
  const missing = apps.filter(({ name }) => !groups.some((names) => names.includes(name))).map(({ name }) => name);
  if (missing.length > 0) throw new Error(`no thread runs ${missing.join(', ')}`);
  const sequencer = new BusSequencer();
  // The sequencer hands a topic only to the replicas given it, and no app thread is given a
  // .DLT topic: without a replica of them here, dead letters would reach no one.
  const deadLetters = options.deadLetters;
  const kept = deadLetters && deadLetters.file.keep(linkBus(sequencer.connect(deadLetters.topics), deadLetters.topics), deadLetters.topics);
  const threads = groups.map((names) => new AppThread(names, onCrash, sequencer, topicsReadBy(apps.filter(({ name }) => names.includes(name))), options));
  return {
    apps: apps.map(({ name }) => {
      const app = new ThreadedApp(name, threads[groups.findIndex((names) => names.includes(name))]);
      return { name, create: async () => ({ app, address: await app.create() }) };
    }),
    end: async () => {
      await Promise.all(threads.map((thread) => thread.end()));
      await kept?.stop();
      sequencer.close();
    },
  };
}
