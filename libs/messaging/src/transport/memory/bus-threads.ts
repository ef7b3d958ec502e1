import { MessageChannel, MessagePort } from 'node:worker_threads';
import { OutgoingMessage } from '../event-publisher';
import { InMemoryEventBus } from './in-memory-event-bus';

/**
 * The in-memory bus across the threads of one process. Each app thread keeps a replica of
 * the bus; what a thread publishes goes to the sequencer, which alone decides the order and
 * hands every message to every replica that is given its topic, so all of them hold the same
 * logs of those topics with the same offsets. A consumer group lives in one app, so its cursor
 * stays in that app's thread and delivery never crosses a thread.
 */
export class BusSequencer {
  /** Each replica's port, with the topics it is given (undefined: all of them). */
  private readonly ports = new Map<MessagePort, ReadonlySet<string> | undefined>();
  private ordered = false;

  /**
   * A port for one more replica, to be transferred to its thread and given to `linkBus` with
   * the same `topics`: those its thread's apps read (all when not given). A thread that reads
   * none of a topic's messages is spared receiving and keeping them. The sequencer keeps no log
   * of its own, so every replica is linked before anything is published: one linked later
   * would lack the start of every topic.
   */
  connect(topics?: readonly string[]): MessagePort {
    if (this.ordered) throw new Error('a replica of the bus must be linked before the first publish');
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (messages: OutgoingMessage[]) => this.order(messages));
    port1.on('close', () => this.ports.delete(port1));
    this.ports.set(port1, topics && new Set(topics));
    return port2;
  }

  close(): void {
    for (const port of this.ports.keys()) port.close();
    this.ports.clear();
  }

  private order(messages: OutgoingMessage[]): void {
    this.ordered = true;
    for (const [port, topics] of this.ports) {
      const given = topics ? messages.filter(({ topic }) => topics.has(topic)) : messages;
      if (given.length > 0) port.postMessage(given);
    }
  }
}

/**
 * This thread's replica, linked to the sequencer through `port`, given `topics` (as the port
 * was connected). A publish shows in each replica given its topic once the sequencer has
 * ordered it. Closing the port lets the thread end.
 */
export function linkBus(port: MessagePort, topics?: readonly string[]): InMemoryEventBus {
  const bus = new InMemoryEventBus((messages) => port.postMessage(messages), topics && new Set(topics));
  port.on('message', (messages: OutgoingMessage[]) => bus.append(messages));
  return bus;
}
