import { JsonLogger } from '@movie/runtime';
import { EmbeddedPlatform, PlatformApp } from './embedded-platform';

const quiet = new JsonLogger('embedded', 'error', () => undefined);

function fakeApps(names: string[], journal: string[], failToListen?: string): PlatformApp[] {
  return names.map((name, index) => ({
    name,
    create: async (env) => {
      journal.push(`create ${name} ${env.MESSAGING_TRANSPORT}`);
      process.on('SIGTERM', () => journal.push(`${name} saw SIGTERM`));
      const app = {
        startAllMicroservices: async () => journal.push(`consume ${name}`),
        listen: async () => {
          if (name === failToListen) throw new Error(`port of ${name} is taken`);
          journal.push(`listen ${name}`);
        },
        close: async () => {
          journal.push(`close ${name}`);
        },
      };
      return { app, address: { host: '127.0.0.1', port: 9000 + index } };
    },
  }));
}

describe('EmbeddedPlatform', () => {
  it('starts the apps in order and answers with the address of the last one', async () => {
    const journal: string[] = [];
    const platform = new EmbeddedPlatform(fakeApps(['payment', 'book', 'gateway'], journal), quiet);
    const address = await platform.start({ MESSAGING_TRANSPORT: 'memory' });
    expect(address).toEqual({ host: '127.0.0.1', port: 9002 });
    expect(journal).toEqual([
      'create payment memory', 'consume payment', 'listen payment',
      'create book memory', 'consume book', 'listen book',
      'create gateway memory', 'consume gateway', 'listen gateway',
    ]);
    await platform.stop();
  });

  it('closes the apps in reverse order, the gateway first', async () => {
    const journal: string[] = [];
    const platform = new EmbeddedPlatform(fakeApps(['payment', 'book', 'gateway'], journal), quiet);
    await platform.start({});
    journal.length = 0;
    await platform.stop();
    expect(journal).toEqual(['close gateway', 'close book', 'close payment']);
  });

  it('closes what it started, including an app that failed to listen, when start-up fails', async () => {
    const journal: string[] = [];
    const platform = new EmbeddedPlatform(fakeApps(['payment', 'book', 'gateway'], journal, 'book'), quiet);
    await expect(platform.start({})).rejects.toThrow('port of book is taken');
    await platform.stop();
    expect(journal.some((entry) => entry.startsWith('create gateway'))).toBe(false);
    expect(journal.slice(-2)).toEqual(['close book', 'close payment']);
  });

  it('leaves the signals to the launcher instead of to each app', async () => {
    const journal: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const platform = new EmbeddedPlatform(fakeApps(['payment', 'gateway'], journal), quiet);
    await platform.start({});
    expect(process.listenerCount('SIGTERM')).toBe(before);
    await platform.stop();
  });
});
