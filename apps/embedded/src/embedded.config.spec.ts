import { loadEmbeddedConfig } from './embedded.config';

const apps = ['payment', 'book', 'ticket', 'mypage', 'notification', 'gateway'];

describe('loadEmbeddedConfig', () => {
  it('runs the apps in two threads by default, book in one and payment in the other', () => {
    expect(loadEmbeddedConfig({}, apps).threads).toEqual([
      ['gateway', 'book'],
      ['payment', 'ticket', 'mypage', 'notification'],
    ]);
  });

  it('gives each thread a young generation of 192 MB unless EMBEDDED_YOUNG_GENERATION_MB says otherwise', () => {
    expect(loadEmbeddedConfig({}, apps).youngGenerationMb).toBe(192);
    expect(loadEmbeddedConfig({ EMBEDDED_YOUNG_GENERATION_MB: '64' }, apps).youngGenerationMb).toBe(64);
    expect(() => loadEmbeddedConfig({ EMBEDDED_YOUNG_GENERATION_MB: 'lots' }, apps)).toThrow('EMBEDDED_YOUNG_GENERATION_MB');
  });

  it('takes thread groups from EMBEDDED_THREADS, and "none" for every app on the main thread', () => {
    const groups = 'gateway, book+payment , ticket+mypage+notification';
    expect(loadEmbeddedConfig({ EMBEDDED_THREADS: groups }, apps).threads).toEqual([
      ['gateway'],
      ['book', 'payment'],
      ['ticket', 'mypage', 'notification'],
    ]);
    expect(loadEmbeddedConfig({ EMBEDDED_THREADS: 'none' }, apps).threads).toEqual([]);
  });

  it('refuses groups that leave out an app, name one twice or name something that is not an app', () => {
    const load = (threads: string) => () => loadEmbeddedConfig({ EMBEDDED_THREADS: threads }, apps);

    expect(load('gateway+book+payment,ticket+mypage')).toThrow('EMBEDDED_THREADS leaves out notification');
    expect(load('gateway+book+payment,ticket+mypage+notification+book')).toThrow('puts book in more than one thread');
    expect(load('gateway+book+payment,ticket+mypage+notification,billing')).toThrow('names billing, not apps of the platform');
  });

  it('keeps the dead letters in data/dead-letters.jsonl unless EMBEDDED_DEAD_LETTER_FILE says otherwise', () => {
    expect(loadEmbeddedConfig({}, apps).deadLetterFile).toBe('data/dead-letters.jsonl');
    expect(loadEmbeddedConfig({ EMBEDDED_DEAD_LETTER_FILE: '/var/lib/movie/dead-letters.jsonl' }, apps).deadLetterFile).toBe('/var/lib/movie/dead-letters.jsonl');
  });

  it('hands the apps the embedded defaults under what the environment sets', () => {
    const { appEnvironment } = loadEmbeddedConfig({ GATEWAY_AUTH_MODE: 'required', BOOK_PORT: '9001' }, apps);
    expect(appEnvironment).toMatchObject({ MESSAGING_TRANSPORT: 'memory', GATEWAY_AUTH_MODE: 'required', BOOK_PORT: '9001' });
  });
});
