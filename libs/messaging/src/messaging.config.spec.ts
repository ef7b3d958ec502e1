import { ConfigError, EnvReader } from '@movie/runtime';
import { loadMessagingConfig, withMessagingConfig } from './messaging.config';

describe('loadMessagingConfig', () => {
  it('defaults to the in-memory transport, a local broker and no namespace', () => {
    expect(loadMessagingConfig({}, 'book')).toEqual({
      transport: 'memory', brokers: ['127.0.0.1:9092'], clientId: 'book', pollMs: 200, lingerMs: 2, partitions: 3, namespace: '',
      outboxRetentionHours: 168, inboxRetentionHours: 336,
    });
  });

  it('reads the platform-wide settings', () => {
    const config = loadMessagingConfig(
      {
        MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', OUTBOX_POLL_MS: '50', OUTBOX_LINGER_MS: '0', KAFKA_TOPIC_PARTITIONS: '6',
        MESSAGING_NAMESPACE: 'staging.', OUTBOX_RETENTION_HOURS: '0', INBOX_RETENTION_HOURS: '720',
      },
      'ticket',
    );

    expect(config).toEqual({
      transport: 'kafka', brokers: ['127.0.0.1:9092', '127.0.0.1:9094'], clientId: 'ticket', pollMs: 50, lingerMs: 0, partitions: 6, namespace: 'staging.',
      outboxRetentionHours: 0, inboxRetentionHours: 720,
    });
  });

  it('ends a namespace with a dot when it has none, so the prefix reads apart from the topic', () => {
    expect(loadMessagingConfig({ MESSAGING_NAMESPACE: 'e2e.story_2-a' }, 'book').namespace).toBe('e2e.story_2-a.');
  });

  it('treats an empty namespace as none', () => {
    expect(loadMessagingConfig({ MESSAGING_NAMESPACE: '' }, 'book').namespace).toBe('');
  });

  it.each([
    ['a character Kafka does not allow in a topic name', 'e2e/story'],
    ['a space', 'dev alice'],
    ['more than 60 characters', 'n'.repeat(61)],
  ])('refuses a namespace with %s', (_, namespace) => {
    expect(() => loadMessagingConfig({ MESSAGING_NAMESPACE: namespace }, 'book')).toThrow(/MESSAGING_NAMESPACE must be 1 to 60 letters, digits/);
  });

  it('accepts a namespace of exactly 60 characters', () => {
    expect(loadMessagingConfig({ MESSAGING_NAMESPACE: 'n'.repeat(60) }, 'book').namespace).toBe(`${'n'.repeat(60)}.`);
  });

  it('names every wrong setting at once', () => {
    expect(() => loadMessagingConfig({ MESSAGING_TRANSPORT: 'rabbit', OUTBOX_POLL_MS: 'soon' }, 'book')).toThrow(
      /MESSAGING_TRANSPORT must be one of memory, kafka[\s\S]*OUTBOX_POLL_MS must be an integer/,
    );
  });

  it('names a wrong namespace together with the other wrong settings', () => {
    let problems: string[] = [];
    try {
      loadMessagingConfig({ MESSAGING_TRANSPORT: 'rabbit', MESSAGING_NAMESPACE: 'a b' }, 'book');
    } catch (error) {
      problems = (error as ConfigError).problems;
    }

    expect(problems).toEqual([
      'MESSAGING_TRANSPORT must be one of memory, kafka, got "rabbit"',
      `MESSAGING_NAMESPACE must be 1 to 60 letters, digits, '.', '_' or '-', got "a b"`,
    ]);
  });

  it("adds messaging to an app's settings and reports both readers' problems in one error", () => {
    const read = (env: NodeJS.ProcessEnv) => {
      const platform = new EnvReader(env);
      const own = { port: platform.scoped('APP_').int('PORT', 8080, { min: 1, max: 65535 }) };
      return withMessagingConfig(env, 'app', platform, own);
    };
    expect(read({ MESSAGING_TRANSPORT: 'kafka' })).toMatchObject({ port: 8080, messaging: { transport: 'kafka', clientId: 'app' } });
    expect(() => read({ APP_PORT: 'x', MESSAGING_TRANSPORT: 'rabbit' })).toThrow(
      expect.objectContaining({
        problems: ['APP_PORT must be an integer from 1 to 65535, got "x"', 'MESSAGING_TRANSPORT must be one of memory, kafka, got "rabbit"'],
      }),
    );
  });
});
