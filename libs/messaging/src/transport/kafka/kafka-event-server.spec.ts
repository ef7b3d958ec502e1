import { ServerKafka } from '@nestjs/microservices';
import { loadMessagingConfig } from '../../messaging.config';
import { eventually } from '../../testing/test-database';
import { ConsumerStatus } from '../consumer-status';
import { KafkaEventServer } from './kafka-event-server';

describe('KafkaEventServer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lets the app start without the broker, says why nothing is consumed, and starts the consumer once it can', async () => {
    const start = jest
      .spyOn(ServerKafka.prototype as unknown as { start(callback: () => void): Promise<void> }, 'start')
      .mockRejectedValueOnce(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'))
      .mockImplementationOnce(async (callback) => callback());
    const status = new ConsumerStatus();
    const server = new KafkaEventServer(loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' }, 'payment'), 'payment', status);
    jest.spyOn(server['logger'], 'warn').mockImplementation(() => undefined);
    const started = jest.fn();

    await server.listen(started);

    expect(started).toHaveBeenCalledWith();
    expect(() => status.assertRunning()).toThrow('not started: Connection error');
    await eventually(() => expect(start).toHaveBeenCalledTimes(2));
    expect(() => status.assertRunning()).not.toThrow();
    await server.close();
  });

  it('stops trying once the app closes', async () => {
    const start = jest
      .spyOn(ServerKafka.prototype as unknown as { start(callback: () => void): Promise<void> }, 'start')
      .mockRejectedValue(new Error('Connection error'));
    const server = new KafkaEventServer(loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' }, 'payment'), 'payment');
    jest.spyOn(server['logger'], 'warn').mockImplementation(() => undefined);

    await server.listen(() => undefined);
    await server.close();
    await new Promise((done) => setTimeout(done, 1500));

    expect(start).toHaveBeenCalledTimes(1);
  });
});
