import { Kafka, Producer } from 'kafkajs';
import { loadMessagingConfig } from '../../messaging.config';
import { KafkaEventPublisher } from './kafka-event-publisher';

/** A producer that records what it was sent and fails while told to. */
function fakeProducer(failing: boolean) {
  const producer = {
    sent: [] as unknown[],
    disconnected: false,
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => void (producer.disconnected = true)),
    sendBatch: jest.fn(async (batch: unknown) => {
      if (failing) throw new Error('The producer attempted to use a sequence number which is not expected');
      producer.sent.push(batch);
      return [];
    }),
  };
  return producer;
}

describe('KafkaEventPublisher', () => {
  const message = { topic: 'movie.booking.v1', key: 'b1', value: '{}' };
  afterEach(() => jest.restoreAllMocks());

  it('sends through a new producer after a batch failed, since the failed one may reuse sequence numbers', async () => {
    const [failed, next] = [fakeProducer(true), fakeProducer(false)];
    const made = jest.spyOn(Kafka.prototype, 'producer').mockReturnValueOnce(failed as unknown as Producer).mockReturnValueOnce(next as unknown as Producer);
    const publisher = new KafkaEventPublisher(loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' }, 'book'));
    jest.spyOn(publisher, 'ensureTopics').mockResolvedValue(undefined);

    await expect(publisher.publish([message])).rejects.toThrow('sequence number');
    await publisher.publish([message]);

    expect(made).toHaveBeenCalledTimes(2);
    expect(made.mock.calls[1][0]).toMatchObject({ idempotent: true, maxInFlightRequests: 1 });
    expect(next.sent).toHaveLength(1);
    expect(failed.disconnected).toBe(true);
    await publisher.close();
    expect(next.disconnected).toBe(true);
  });

  it('keeps its producer while batches go through', async () => {
    const producer = fakeProducer(false);
    const made = jest.spyOn(Kafka.prototype, 'producer').mockReturnValue(producer as unknown as Producer);
    const publisher = new KafkaEventPublisher(loadMessagingConfig({ MESSAGING_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' }, 'book'));
    jest.spyOn(publisher, 'ensureTopics').mockResolvedValue(undefined);

    await publisher.publish([message]);
    await publisher.publish([message]);

    expect(made).toHaveBeenCalledTimes(1);
    expect(producer.sent).toHaveLength(2);
    await publisher.close();
  });
});
