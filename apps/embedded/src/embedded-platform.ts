import { LoggerService } from '@nestjs/common';
import { withoutSignalListeners } from './signal-ownership';

export interface ListenAddress {
  port: number;
  host: string;
}

/** What the platform does with a created app: a Nest application, or one in a thread of its own. */
export interface StartableApp {
  startAllMicroservices(): Promise<unknown>;
  listen(port: number, host: string): Promise<unknown>;
  close(): Promise<void>;
}

/** One app of the platform, built from the environment the way its own main.ts builds it. */
export interface PlatformApp {
  name: string;
  /** The topics its consumers read; when given, a thread of its own receives only those (see BusSequencer). */
  reads?: readonly string[];
  create(env: NodeJS.ProcessEnv): Promise<{ app: StartableApp; address: ListenAddress }>;
}

interface RunningApp {
  name: string;
  app: StartableApp;
  address: ListenAddress;
}

/**
 * Every app of the platform in one process: started one after the other in the given order,
 * closed in the reverse order, so the gateway stops taking requests before anything behind it goes.
 */
export class EmbeddedPlatform {
  private readonly running: RunningApp[] = [];
  private starting?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly apps: PlatformApp[],
    private readonly logger: LoggerService,
  ) {}

  /** Resolves with the address of the last app (the gateway) once all of them listen. */
  async start(env: NodeJS.ProcessEnv): Promise<ListenAddress> {
    this.starting = this.startEach(env);
    await this.starting;
    return this.running[this.running.length - 1].address;
  }

  /** Closes what runs, last started first; waits for an app that is starting to finish first. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => undefined);
    while (this.running.length > 0) {
      const { name, app } = this.running.pop()!;
      try {
        await app.close();
        this.logger.log(`${name} stopped`, EmbeddedPlatform.name);
      } catch (error) {
        this.logger.error(`${name} did not stop cleanly: ${String(error)}`, undefined, EmbeddedPlatform.name);
      }
    }
  }

  private async startEach(env: NodeJS.ProcessEnv): Promise<void> {
    for (const { name, create } of this.apps) {
      if (this.stopping) throw new Error(`start-up interrupted before ${name}`);
      const { app, address } = await withoutSignalListeners(() => create(env));
      // Registered before it listens, so a failure to listen still closes it.
      this.running.push({ name, app, address });
      await app.startAllMicroservices();
      await app.listen(address.port, address.host);
    }
  }
}
