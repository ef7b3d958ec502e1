import { JsonLogger } from '@movie/runtime';
import { EmbeddedPlatform } from './embedded-platform';
import { loadEmbeddedConfig } from './embedded.config';
import { platformApps } from './platform-apps';

/** The default run: the whole platform in one process on embedded defaults. */
async function main(): Promise<void> {
  const config = loadEmbeddedConfig();
  const logger = new JsonLogger('embedded', config.logLevel);
  const platform = new EmbeddedPlatform(platformApps, logger);

  let stopping = false;
  const stop = async (exitCode: number): Promise<void> => {
    if (stopping) process.exit(1); // a second signal: do not wait any longer
    stopping = true;
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    await platform.stop();
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
