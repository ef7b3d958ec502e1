import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { traceConsumedMessage } from '@movie/runtime';
import { ConsumerBatch } from '../../inbox/consumer-batch';
import { decodeMessageValue } from '../decode-message-value';
import { BusMessage, BusSubscription, InMemoryEventBus } from './in-memory-event-bus';

export const IN_MEMORY_TRANSPORT = Symbol('IN_MEMORY_TRANSPORT');

/** What an @EventPattern handler can ask of the message it got from the bus (`@Ctx()`). */
export class InMemoryContext extends BaseRpcContext<[BusMessage]> {
  getMessage(): BusMessage {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[0].topic;
  }
}

/**
 * Nest transport strategy over the in-process bus: each @EventPattern topic becomes a
 * subscription of the service's consumer group. The handler's result is awaited, and a
 * failure is retried by the bus, so a message counts as consumed only once handled. A
 * backlog is delivered as one ConsumerBatch: its consumers share one transaction.
 */
export class InMemoryTransportServer extends Server implements CustomTransportStrategy {
  override readonly transportId = IN_MEMORY_TRANSPORT;
  private readonly subscriptions: BusSubscription[] = [];
  private readonly log: Logger;

  constructor(
    private readonly bus: InMemoryEventBus,
    private readonly group: string,
  ) {
    super();
    this.log = new Logger(`InMemoryTransport:${group}`);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    for (const [topic, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) continue;
      const subscription = this.bus.subscribe(this.group, topic, (message) => this.deliver(handler, message), {
        batch: (messages) => ConsumerBatch.deliver(messages.map((message) => () => this.deliver(handler, message))),
        onError: (error, message, attempt) =>
          this.log.warn(`${message.topic}@${message.offset} failed (attempt ${attempt}), retrying: ${describe(error)}`),
      });
      this.subscriptions.push(subscription);
    }
    callback();
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((subscription) => subscription.unsubscribe()));
  }

  on(): never {
    throw new Error('the in-memory transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private deliver(handler: MessageHandler, message: BusMessage): Promise<void> {
    return traceConsumedMessage(this.group, message.topic, message.headers, async () => {
      const result: unknown = await handler(recentlyDecoded.of(message), new InMemoryContext([message]));
      // Nest's exception handler answers a failed handler with an observable that errors.
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    });
  }
}

/**
 * The values of the messages the thread's consumers read last, decoded once for all of them:
 * each consumer group reads the same BusMessage, and readEvent checks a decoded object once.
 * Bounded, because the bus keeps every message and a group may lag far behind the others.
 */
class RecentlyDecoded {
  private readonly values = new Map<BusMessage, unknown>();

  constructor(private readonly limit: number) {}

  of(message: BusMessage): unknown {
    if (this.values.has(message)) return this.values.get(message);
    const value = decodeMessageValue(message.value);
    this.values.set(message, value);
    if (this.values.size > this.limit) this.values.delete(this.values.keys().next().value as BusMessage);
    return value;
  }
}

const recentlyDecoded = new RecentlyDecoded(1024);

const describe = (error: unknown) => (error instanceof Error ? error.message : JSON.stringify(error));
