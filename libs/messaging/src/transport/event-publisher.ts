import { OnApplicationShutdown } from '@nestjs/common';

/** One message on its way to a topic; the value is already serialized. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/**
 * Where events leave the service: Kafka in distributed mode, the in-process bus in
 * embedded mode. A batch is published in order, or the call fails and nothing is
 * assumed delivered (the caller retries the whole batch; consumers dedupe).
 */
export abstract class EventPublisher implements OnApplicationShutdown {
  /**
   * True when what was published is gone once the process is (the in-memory bus): the outbox
   * relay then sends its whole history again when the app starts.
   */
  readonly forgetsOnRestart: boolean = false;

  abstract publish(messages: OutgoingMessage[]): Promise<void>;

  /** Resolves when the transport answers; for readiness. */
  abstract ping(): Promise<Record<string, unknown>>;

  abstract close(): Promise<void>;

  /**
   * After the relay drained the outbox (beforeApplicationShutdown) and the app's consumer
   * stopped (Nest closes microservices in between), so neither publishes into a closed client.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** Headers every published event carries, so tools can route and inspect without parsing. */
export const EventHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  source: 'event-source',
  deadLetterReason: 'dead-letter-reason',
  deadLetterConsumer: 'dead-letter-consumer',
  originalTopic: 'original-topic',
  /** On a message sent again by `npm run dead-letters -- replay`: the dead letters it answers. */
  replayedFrom: 'replayed-from',
} as const;
