import { Logger } from '@nestjs/common';
import { loadMessagingConfig } from '../../messaging.config';
import { kafkaClient, toNestLogger } from './kafka-client';
import { kafkaServerOptions } from './kafka-event-server';

describe('kafkajs log lines', () => {
  const config = loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' }, 'spec');
  let logged: { level: string; line: string }[];
  let spies: jest.SpyInstance[];

  beforeEach(() => {
    logged = [];
    spies = (['error', 'warn', 'debug'] as const).map((level) =>
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push({ level, line: String(args[0]) })));
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it("are debug lines for a broker's answers while it or a topic is being set up, which kafkajs retries", () => {
    const logger = kafkaClient(config).logger();

    logger.error('Response GroupCoordinator(key: 10, version: 2)', { error: 'The group coordinator is not available' });
    logger.error('Response Metadata(key: 3, version: 6)', { error: 'This server does not host this topic-partition' });
    logger.error('Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' });

    expect(logged.map((entry) => entry.level)).toEqual(['debug', 'debug', 'debug']);
  });

  it('stay errors and warnings otherwise', () => {
    const logger = kafkaClient(config).logger();

    logger.error('Response Produce(key: 0, version: 7)', { error: 'Not authorized to access topics: [Topic authorization failed]' });
    logger.error('Connection error: connect ECONNREFUSED 127.0.0.1:1', {});
    logger.warn('The group is rebalancing, re-joining', {});

    expect(logged.map((entry) => entry.level)).toEqual(['error', 'error', 'warn']);
    expect(logged[0].line).toContain('Topic authorization failed');
  });

  it('come through the same creator from the consumers Nest makes', () => {
    expect(kafkaServerOptions(config, 'spec').options?.client?.logCreator).toBe(toNestLogger);
  });
});
