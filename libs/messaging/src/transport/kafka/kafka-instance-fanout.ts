import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { withinLimit } from '@movie/runtime';
import { MessagingConfig } from '../../messaging.config';
import { FanoutSend, FanoutStatus, InstanceFanout } from '../instance-fanout';
import { ConsumerRestart } from './consumer-restart';
import { kafkaClient } from './kafka-client';
import { KafkaNamespace } from './kafka-namespace';
import { createMissingTopicsOnce } from './kafka-topics';
import { KeptConnection } from './kept-connection';

const ORIGIN = 'fanout-origin';

/** Nobody reads a fan-out message later than this; the broker may drop it after. */
const RETENTION_MS = '60000';

/** How long a shutdown waits for the messages sent before it; a broker that is away must not hold it up. */
const FLUSH_LIMIT_MS = 2000;

/** A message waiting for the next produce request, and its sender's promise. */
interface Waiting {
  topic: string;
  message: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Each channel is a one-partition topic, `<service>.fanout.<channel>`, and each instance reads it
 * in a consumer group of its own, so every instance gets every message. The group starts at the
 * topic's end and commits nothing, so Kafka forgets it once the instance leaves. An instance skips
 * the messages it sent itself.
 */
export class KafkaInstanceFanout extends InstanceFanout implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaInstanceFanout.name);
  private readonly kafka: Kafka;
  private readonly namespace: KafkaNamespace;
  private readonly listeners = new Map<string, (message: string) => void>();
  private readonly instance = `${hostname()}-${process.pid}-${threadId}-${randomUUID().slice(0, 8)}`;
  private readonly producer: Producer;
  private readonly producerConnection: KeptConnection;
  private consumer: Consumer | undefined;
  private restart: ConsumerRestart | undefined;
  private started = false;
  private listening = false;
  private waiting: Waiting[] = [];
  private sending: Promise<void> | undefined;

  constructor(private readonly config: MessagingConfig) {
    super();
    this.kafka = kafkaClient(config, `${config.clientId}-fanout`);
    this.namespace = new KafkaNamespace(config);
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.producerConnection = new KeptConnection('the fan-out producer', [this.producer]);
  }

  join(name: string, listener: (message: string) => void): FanoutSend {
    if (this.started) throw new Error(`fan-out channel ${name} joined after the app started`);
    if (this.listeners.has(name)) throw new Error(`fan-out channel ${name} joined twice`);
    this.listeners.set(name, listener);
    return (message) =>
      this.send(name, message).catch((error: unknown) =>
        this.logger.warn(`fan-out message on ${name} dropped: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  status(): FanoutStatus | undefined {
    return this.listeners.size > 0 ? { channels: [...this.listeners.keys()], listening: this.listening } : undefined;
  }

  /** Joins before the app serves anything, so its clients hear the other instances from the start. */
  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    if (this.listeners.size === 0) return;
    const names = new Map([...this.listeners.keys()].map((name) => [this.topic(name), name]));
    await createMissingTopicsOnce(this.kafka, [...names.keys()], { partitions: 1, config: { 'retention.ms': RETENTION_MS } });
    const consumer = this.kafka.consumer({ groupId: this.namespace.group(`${this.config.clientId}.fanout.${this.instance}`) });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.listening = true));
    consumer.on(consumer.events.STOP, () => (this.listening = false));
    consumer.on(consumer.events.CRASH, ({ payload }) => (this.listening &&= payload.restart));
    // Like the app's own consumer: kafkajs gives up for good after some errors a returning broker gives.
    this.restart = new ConsumerRestart(consumer, () => this.listen(consumer, names));
    await consumer.connect();
    await this.listen(consumer, names);
  }

  /**
   * What was sent before the shutdown goes out first, for up to FLUSH_LIMIT_MS: a push sent just
   * before a rolling update would otherwise never reach the other instances' clients.
   */
  async onApplicationShutdown(): Promise<void> {
    this.restart?.stop();
    if (this.sending) await withinLimit(this.sending, FLUSH_LIMIT_MS);
    if (this.sending) this.logger.warn(`fan-out stopped with messages still unsent after ${FLUSH_LIMIT_MS} ms`);
    await Promise.allSettled([this.consumer?.disconnect(), this.producerConnection.close()]);
  }

  /** Subscribes and runs the connected consumer; `names` maps each topic to its channel. */
  private async listen(consumer: Consumer, names: Map<string, string>): Promise<void> {
    await consumer.subscribe({ topics: [...names.keys()], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        if (message.headers?.[ORIGIN]?.toString() === this.instance || !message.value) return;
        this.deliver(names.get(topic) ?? topic, message.value.toString());
      },
    });
  }

  /**
   * Messages wait while a produce request is out and go in the next one together: a live push
   * for each of a booking's events was a request of its own. One request at a time keeps them in
   * the order they were sent.
   */
  private send(name: string, message: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ topic: this.topic(name), message, resolve, reject });
      this.sending ??= this.sendWaiting();
    });
  }

  private async sendWaiting(): Promise<void> {
    // What the rest of this turn of the event loop sends goes along.
    await new Promise((done) => setImmediate(done));
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.producerConnection.ready();
        await this.producer.sendBatch({ acks: 1, topicMessages: byTopic(batch, this.instance) });
        batch.forEach((one) => one.resolve());
      } catch (error) {
        batch.forEach((one) => one.reject(error));
      }
    }
    this.sending = undefined;
  }

  private deliver(name: string, message: string): void {
    try {
      this.listeners.get(name)?.(message);
    } catch (error) {
      this.logger.warn(`fan-out listener on ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private topic(name: string): string {
    return this.namespace.topic(`${this.config.clientId}.fanout.${name}`);
  }
}

/** One entry a topic, its messages in the order they were sent. */
function byTopic(batch: Waiting[], instance: string): TopicMessages[] {
  const topics = new Map<string, TopicMessages>();
  for (const { topic, message } of batch) {
    const entry = topics.get(topic) ?? { topic, messages: [] };
    entry.messages.push({ value: message, headers: { [ORIGIN]: instance } });
    topics.set(topic, entry);
  }
  return [...topics.values()];
}
