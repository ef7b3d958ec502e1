import { InMemoryEventBus } from '@movie/messaging';
import { platformApps } from './platform-apps';

/** A thread receives only the topics its apps declare; a consumer of any other would fail to start. */
describe('the topics each app of the platform declares it reads', () => {
  it.each(platformApps.map((app) => [app.name, app] as const))('cover what %s consumes', async (name, platformApp) => {
    InMemoryEventBus.share(new InMemoryEventBus(undefined, new Set(platformApp.reads)));
    const env: NodeJS.ProcessEnv = { MESSAGING_TRANSPORT: 'memory', LOG_LEVEL: 'error', [`${name.toUpperCase()}_DB_URL`]: 'sqlite::memory:' };
    const { app } = await platformApp.create(env);
    try {
      await expect(app.startAllMicroservices()).resolves.toBeDefined();
    } finally {
      await app.close();
    }
  });

  it('fail the start of an app that consumes a topic its thread is not given', async () => {
    const notification = platformApps.find(({ name }) => name === 'notification')!;
    InMemoryEventBus.share(new InMemoryEventBus(undefined, new Set(notification.reads!.slice(1))));
    const { app } = await notification.create({ MESSAGING_TRANSPORT: 'memory', LOG_LEVEL: 'error', NOTIFICATION_DB_URL: 'sqlite::memory:' });
    try {
      await expect(app.startAllMicroservices()).rejects.toThrow(`not given ${notification.reads![0]}`);
    } finally {
      await app.close();
    }
  });
});
