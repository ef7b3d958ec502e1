import { deadLetterTopic } from '@movie/contracts';
import { DeadLetterFile, InMemoryEventBus } from '@movie/messaging';
import { JsonLogger } from '@movie/runtime';
import { EmbeddedPlatform } from './embedded-platform';
import { loadEmbeddedConfig } from './embedded.config';
import { platformApps } from './platform-apps';
import { startAppThreads } from './threaded-app';

/** The default run: the whole platform in one process on embedded defaults. */
async function main(): Promise<void> {
  const config = loadEmbeddedConfig(process.env, platformApps.map(({ name }) => name));
  const logger = new JsonLogger('embedded', config.logLevel);
  const deadLetters = {
    topics: [...new Set(platformApps.flatMap(({ reads }) => reads ?? []))].map(deadLetterTopic),
    file: new DeadLetterFile(config.deadLetterFile),
  };
  const threads =
    config.threads.length > 0
      ? startAppThreads(
          platformApps,
          config.threads,
          (reason) => {
            // Like a crashed process: the platform goes down, and whoever runs it starts it again.
            logger.error(reason, undefined, 'EmbeddedPlatform');
            void stop(1);
          },
          { env: config.appEnvironment, youngGenerationMb: config.youngGenerationMb, deadLetters },
        )
      : undefined;
  // Without threads every app publishes to this thread's bus, and the dead letters are kept from it.
  const keptHere = threads ? undefined : deadLetters.file.keep(InMemoryEventBus.instance(), deadLetters.topics);
  const platform = new EmbeddedPlatform(threads?.apps ?? platformApps, logger);

  let stopping = false;
  const stop = async (exitCode: number): Promise<void> => {
    if (stopping) {
      if (exitCode === 0) process.exit(1); // a second signal: do not wait any longer
      return;
    }
    stopping = true;
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    await platform.stop();
    await threads?.end();
    await keptHere?.stop();
    process.exit(exitCode);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(0));

  try {
    const { host, port } = await platform.start(config.appEnvironment);
    const url = `http://${host}:${port}`;
    process.stdout.write(`Movie booking platform is ready at ${url} (API docs: ${url}/docs)\n`);
  } catch (error) {
    logger.error(error instanceof Error ? error : String(error), undefined, 'EmbeddedPlatform');
    await stop(1);
  }
}

void main();
