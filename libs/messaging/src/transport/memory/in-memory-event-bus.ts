import { MAX_BATCH } from '../../inbox/consumer-batch';
import { OutgoingMessage } from '../event-publisher';

/** A message as the bus keeps it: its place in the topic's log is its offset. */
export interface BusMessage extends Required<OutgoingMessage> {
  offset: number;
}

export type BusHandler = (message: BusMessage) => Promise<void>;

/** Handles several messages together; if it fails, they are handed over again one at a time. */
export type BusBatchHandler = (messages: BusMessage[]) => Promise<void>;

export interface BusSubscription {
  /** Stops delivery after the message in hand, if any, has been handled. */
  unsubscribe(): Promise<void>;
}

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  onError?: (error: unknown, message: BusMessage, attempt: number) => void;
}

export interface SubscribeOptions extends Partial<RetryPolicy> {
  /** Takes the group's backlog, up to MAX_BATCH messages, in one call when more than one waits. */
  batch?: BusBatchHandler;
}

const defaultRetry: RetryPolicy = { firstDelayMs: 50, maxDelayMs: 2000 };

/**
 * Reads one topic for one consumer group, like a Kafka consumer with committed offsets:
 * it starts where the group left off (0 for a new group) and moves past a message only
 * once its handler resolved. A failing handler is retried with backoff and holds back
 * only this group.
 */
class GroupCursor {
  offset = 0;
  private handler: BusHandler | undefined;
  private batchHandler: BusBatchHandler | undefined;
  private retry: RetryPolicy = defaultRetry;
  private delivering: Promise<void> | undefined;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly log: BusMessage[]) {}

  get subscribed(): boolean {
    return this.handler !== undefined;
  }

  attach(handler: BusHandler, retry: RetryPolicy, batch?: BusBatchHandler): void {
    this.handler = handler;
    this.batchHandler = batch;
    this.retry = retry;
    this.wake();
  }

  async detach(): Promise<void> {
    this.handler = undefined;
    this.batchHandler = undefined;
    this.cancelWait?.();
    await this.delivering;
  }

  wake(): void {
    if (this.delivering || !this.handler) return;
    this.delivering = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver())
      .finally(() => (this.delivering = undefined));
  }

  private async deliver(): Promise<void> {
    let attempt = 0;
    // After a batch failed, its messages go one at a time, each with the usual retries.
    let alone = 0;
    while (this.handler && this.offset < this.log.length) {
      if (this.batchHandler && alone === 0 && this.log.length - this.offset > 1) {
        const batch = this.log.slice(this.offset, this.offset + MAX_BATCH);
        try {
          await this.batchHandler(batch);
          this.offset += batch.length;
        } catch {
          alone = batch.length;
        }
        continue;
      }
      const message = this.log[this.offset];
      try {
        await this.handler(message);
        this.offset++;
        attempt = 0;
        if (alone > 0) alone--;
      } catch (error) {
        attempt++;
        this.retry.onError?.(error, message, attempt);
        await this.pause(Math.min(this.retry.firstDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      // A retry alone does not keep the process alive.
      const timer = setTimeout(done, ms).unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cancelWait = done;
    }).finally(() => (this.cancelWait = undefined));
  }
}

/**
 * The embedded mode's broker: every app in the process publishes to and reads from one
 * bus. Each topic keeps every message in publish order for the life of the process, so
 * a consumer that subscribes late, or a read-model rebuild, starts from the beginning.
 */
export class InMemoryEventBus {
  private static shared: InMemoryEventBus | undefined;

  private readonly logs = new Map<string, BusMessage[]>();
  private readonly cursors = new Map<string, GroupCursor>();

  /**
   * @param sequence where publish sends messages when the bus is one replica of several (an app
   * thread's, see bus-threads.ts); whatever orders them hands them back to `append`.
   * @param receives the topics such a replica is given, when not all: reading or subscribing to
   * another one fails, rather than finding it empty for ever.
   */
  constructor(
    private readonly sequence?: (messages: OutgoingMessage[]) => void,
    private readonly receives?: ReadonlySet<string>,
  ) {}

  /** The bus that every app of the embedded platform in this thread shares. */
  static instance(): InMemoryEventBus {
    return (InMemoryEventBus.shared ??= new InMemoryEventBus());
  }

  /** Makes `bus` the one `instance()` returns; for an app thread, before its app is created. */
  static share(bus: InMemoryEventBus): void {
    InMemoryEventBus.shared = bus;
  }

  publish(messages: OutgoingMessage[]): void {
    if (this.sequence) this.sequence(messages);
    else this.append(messages);
  }

  /** Adds messages to the logs in the order given and wakes the groups that read them. */
  append(messages: OutgoingMessage[]): void {
    const touched = new Set<string>();
    for (const { topic, key, value, headers } of messages) {
      const log = this.logOf(topic);
      log.push({ topic, key, value, headers: headers ?? {}, offset: log.length });
      touched.add(topic);
    }
    for (const [id, cursor] of this.cursors) {
      if (touched.has(topicOf(id))) cursor.wake();
    }
  }

  /** Every message of the topic so far, oldest first. */
  read(topic: string): readonly BusMessage[] {
    this.mustReceive(topic);
    return [...(this.logs.get(topic) ?? [])];
  }

  /** How many messages the topic has had: the offset its next one gets. */
  end(topic: string): number {
    this.mustReceive(topic);
    return this.logs.get(topic)?.length ?? 0;
  }

  topics(): string[] {
    return [...this.logs.keys()];
  }

  subscribe(group: string, topic: string, handler: BusHandler, options: SubscribeOptions = {}): BusSubscription {
    this.mustReceive(topic);
    const id = cursorId(group, topic);
    let cursor = this.cursors.get(id);
    if (!cursor) {
      cursor = new GroupCursor(this.logOf(topic));
      this.cursors.set(id, cursor);
    }
    if (cursor.subscribed) throw new Error(`group "${group}" already reads ${topic} on this bus`);
    const { batch, ...retry } = options;
    cursor.attach(handler, { ...defaultRetry, ...retry }, batch);
    const attached = cursor;
    return { unsubscribe: () => attached.detach() };
  }

  /** The group's committed position in the topic: the offset of the next message it reads. */
  position(group: string, topic: string): number {
    return this.cursors.get(cursorId(group, topic))?.offset ?? 0;
  }

  private mustReceive(topic: string): void {
    if (this.receives && !this.receives.has(topic)) {
      throw new Error(`this replica of the bus is not given ${topic}, only ${[...this.receives].join(', ') || 'no topic'}`);
    }
  }

  private logOf(topic: string): BusMessage[] {
    let log = this.logs.get(topic);
    if (!log) {
      log = [];
      this.logs.set(topic, log);
    }
    return log;
  }
}

const SEPARATOR = '\u0000';
const cursorId = (group: string, topic: string) => `${group}${SEPARATOR}${topic}`;
const topicOf = (id: string) => id.slice(id.indexOf(SEPARATOR) + 1);
