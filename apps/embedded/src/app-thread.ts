import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { InMemoryEventBus, linkBus } from '@movie/messaging';
import type { ListenAddress, StartableApp } from './embedded-platform';
import { platformApps } from './platform-apps';

/** What the launcher gives an app thread (see ThreadedApp). */
export interface AppThreadData {
  /** This thread's link to the bus sequencer of the main thread. */
  bus: MessagePort;
  /** The topics the sequencer gives this thread (all when undefined): those its apps read. */
  topics?: string[];
}

/** What the launcher asks of the thread, one at a time. */
export type AppThreadCommand = 'create' | 'consume' | 'listen' | 'close';

export interface AppThreadRequest {
  app: string;
  command: AppThreadCommand;
}

export type AppThreadReply = { app: string } & (
  | { created: ListenAddress }
  | { done: AppThreadCommand }
  | { failed: AppThreadCommand; error: string }
);

const describeError = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

type CreatedApps = Map<string, { app: StartableApp; address: ListenAddress }>;

async function run(apps: CreatedApps, { app: name, command }: AppThreadRequest): Promise<AppThreadReply> {
  if (command === 'create') {
    const platformApp = platformApps.find((candidate) => candidate.name === name);
    if (!platformApp) throw new Error(`no app named ${name}`);
    const created = await platformApp.create(process.env);
    apps.set(name, created);
    return { app: name, created: created.address };
  }
  const { app, address } = apps.get(name)!;
  if (command === 'consume') await app.startAllMicroservices();
  else if (command === 'listen') await app.listen(address.port, address.host);
  else {
    await app.close();
    apps.delete(name);
  }
  return { app: name, done: command };
}

/** Apps of the embedded platform in a worker thread, with its own event loop and replica of the bus. */
function main(port: MessagePort): void {
  const { bus, topics } = workerData as AppThreadData;
  InMemoryEventBus.share(linkBus(bus, topics));
  const apps: CreatedApps = new Map();
  // One request at a time, in the order they came.
  let queue = Promise.resolve();
  port.on('message', (request: AppThreadRequest) => {
    queue = queue.then(() =>
      run(apps, request).then(
        (reply) => port.postMessage(reply),
        (error: unknown) => port.postMessage({ app: request.app, failed: request.command, error: describeError(error) } satisfies AppThreadReply),
      ).then(() => {
        // Nothing else holds the thread once its last app has closed: it ends by itself.
        if (request.command === 'close' && apps.size === 0) {
          bus.close();
          port.close();
        }
      }),
    );
  });
}

if (parentPort) main(parentPort);
