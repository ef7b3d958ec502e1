import { loadMessagingConfig } from './messaging.config';

describe('loadMessagingConfig', () => {
  it('defaults to the in-memory transport and a local broker', () => {
    expect(loadMessagingConfig({}, 'book')).toEqual({
      transport: 'memory', brokers: ['127.0.0.1:9092'], clientId: 'book', pollMs: 200, partitions: 3,
    });
  });

  it('reads the platform-wide settings', () => {
    const config = loadMessagingConfig(
      { MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', OUTBOX_POLL_MS: '50', KAFKA_TOPIC_PARTITIONS: '6' },
      'ticket',
    );

    expect(config).toEqual({ transport: 'kafka', brokers: ['127.0.0.1:9092', '127.0.0.1:9094'], clientId: 'ticket', pollMs: 50, partitions: 6 });
  });

  it('names every wrong setting at once', () => {
    expect(() => loadMessagingConfig({ MESSAGING_TRANSPORT: 'rabbit', OUTBOX_POLL_MS: 'soon' }, 'book')).toThrow(
      /MESSAGING_TRANSPORT must be one of memory, kafka[\s\S]*OUTBOX_POLL_MS must be an integer/,
    );
  });
});
