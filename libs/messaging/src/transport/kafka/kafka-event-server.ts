import { KafkaOptions, ServerKafka } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, EachMessagePayload, KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import { deadLetterTopic } from '@movie/contracts';
import { traceConsumedMessage } from '@movie/runtime';
import { ConsumerBatch, MAX_BATCH } from '../../inbox/consumer-batch';
import { MessagingConfig } from '../../messaging.config';
import { ConsumerStatus } from '../consumer-status';
import { ConsumerRestart } from './consumer-restart';
import { kafkaClient, toNestLogger } from './kafka-client';
import { KafkaNamespace } from './kafka-namespace';
import { createMissingTopicsOnce } from './kafka-topics';

/**
 * Nest's Kafka server with these additions:
 * - the topics of the app's @EventPattern handlers (and their dead-letter topics) are
 *   created before the consumer subscribes. kafkajs fails a subscription to a topic the
 *   broker is still auto-creating ("This server does not host this topic-partition"),
 *   which happens whenever a consumer starts before the first event was published;
 * - each message is handled in a consumer span of the producer's trace (traceConsumedMessage);
 * - the namespace: it subscribes to the namespaced topics and hands each message on under
 *   its logical topic, so the @EventPattern(Topics.booking) handler runs and
 *   `KafkaContext.getTopic()` names the topic the code knows;
 * - messages are consumed a fetched batch at a time (eachBatch): the handlers of a batch
 *   share one transaction (ConsumerBatch);
 * - a consumer that kafkajs stopped after a non-retriable error is started again (ConsumerRestart);
 * - a start that fails (the broker is down) does not stop the app: it serves its requests, its
 *   readiness says why nothing is consumed, and the start is tried again with doubling delays.
 *
 * Everything else is ServerKafka's: it JSON-parses the value, awaits the handler, and a
 * handler that fails leaves its offset unresolved, so the message comes again.
 */
const FIRST_START_DELAY_MS = 1_000;
const MAX_START_DELAY_MS = 30_000;

export class KafkaEventServer extends ServerKafka {
  private readonly namespace: KafkaNamespace;
  private restart: ConsumerRestart | undefined;
  private startAgain: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly messaging: MessagingConfig,
    private readonly service: string,
    private readonly consumerStatus?: ConsumerStatus,
  ) {
    super(kafkaServerOptions(messaging, service).options!);
    this.namespace = new KafkaNamespace(messaging);
  }

  /** Called by ServerKafka.start with the consumer it made; a restart after a crash calls consume itself. */
  override async bindEvents(consumer: Consumer): Promise<void> {
    this.restart?.stop();
    this.restart = new ConsumerRestart(consumer, () => this.consume(consumer), this.consumerStatus);
    await this.consume(consumer);
  }

  /**
   * Starts the consumer. Without a broker the app would exit before it serves anything: payment,
   * on the booking path, could not start while Kafka is away. So a failed start is reported as
   * the consumer stopped, and tried again in the background.
   */
  override async listen(callback: (error?: unknown, ...info: unknown[]) => void, delayMs = FIRST_START_DELAY_MS): Promise<void> {
    await super.listen((error?: unknown) => {
      if (!error) {
        this.consumerStatus?.running();
        return callback();
      }
      const reason = error instanceof Error ? error.message : String(error);
      this.consumerStatus?.stopped(`not started: ${reason}`);
      this.logger.warn(`the event consumer did not start, trying again in ${delayMs} ms: ${reason}`);
      this.startAgain = setTimeout(() => void this.tryAgain(delayMs), delayMs);
      this.startAgain.unref();
      callback();
    });
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.startAgain);
    this.restart?.stop();
    this.restart = undefined;
    await super.close();
  }

  private async tryAgain(delayMs: number): Promise<void> {
    if (this.closed) return;
    // What the failed start connected (the producer, say) goes before a new client is made.
    await super.close().catch(() => undefined);
    if (!this.closed) await this.listen(() => undefined, Math.min(delayMs * 2, MAX_START_DELAY_MS));
  }

  private async consume(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((pattern) => this.namespace.topic(pattern));
    await createMissingTopicsOnce(
      kafkaClient(this.messaging, `${this.messaging.clientId}-topics`),
      topics.flatMap((topic) => [topic, deadLetterTopic(topic)]),
      { partitions: this.messaging.partitions },
    );
    // ServerKafka.bindEvents, but subscribed to the topics on the wire rather than the patterns.
    if (topics.length > 0) await consumer.subscribe({ ...this.options.subscribe, topics });
    await consumer.run({ ...this.options.run, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * A fetched batch of a partition goes to the handlers as ConsumerBatches of up to MAX_BATCH
   * messages, each applied in one transaction. A chunk that fails is delivered again one
   * message at a time; a message that fails alone rejects, and kafkajs fetches again from the
   * last resolved offset.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const payload = (message: KafkaMessage): EachMessagePayload => ({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause });
    for (let start = 0; start < batch.messages.length; start += MAX_BATCH) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + MAX_BATCH);
      if (chunk.length > 1 && (await this.appliedTogether(chunk.map(payload)))) {
        resolveOffset(chunk[chunk.length - 1].offset);
      } else {
        for (const message of chunk) {
          await this.handleMessage(payload(message));
          resolveOffset(message.offset);
        }
      }
      await heartbeat();
    }
  }

  /** Delivers the messages as one ConsumerBatch; false if it failed and they must go one at a time. */
  private appliedTogether(payloads: EachMessagePayload[]): Promise<boolean> {
    return ConsumerBatch.deliver(payloads.map((payload) => () => this.handleMessage(payload))).then(() => true, () => false);
  }

  /**
   * The handler's route for a topic. Nest's tries JSON.parse on every message's topic first, for
   * object patterns; a topic name is never JSON, so each message paid for a thrown SyntaxError
   * (1.4 % of my page's CPU samples in the distributed throughput run).
   */
  protected override getRouteFromPattern(pattern: string): string {
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  override handleMessage(payload: EachMessagePayload): Promise<unknown> {
    const topic = this.namespace.logicalTopic(payload.topic);
    return traceConsumedMessage(this.service, topic, payload.message.headers, () => super.handleMessage({ ...payload, topic }));
  }
}

export function kafkaServerOptions(config: MessagingConfig, service: string): KafkaOptions {
  return {
    options: {
      // Our log creator rather than Nest's, which logs every error answer of a broker at ERROR.
      client: { clientId: `${config.clientId}-consumer`, brokers: config.brokers, logLevel: logLevel.WARN, logCreator: toNestLogger },
      consumer: {
        groupId: new KafkaNamespace(config).group(service),
        allowAutoTopicCreation: true,
        // A member that crashed (SIGKILL, OOM) holds its partitions until the session times
        // out; kafkajs' 30 s default stalls its replacement that long. 10 s is still well
        // above a heartbeat pause from GC or a slow handler.
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      },
      // Nest's server also opens a producer (for request-reply); events never use it.
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      subscribe: { fromBeginning: true },
      // No "-server" suffix: the group id is the service name operators see (after the namespace).
      postfixId: '',
      run: { partitionsConsumedConcurrently: Math.max(1, config.partitions) },
    },
  };
}
