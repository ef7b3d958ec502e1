import { MessageChannel, MessagePort } from 'node:worker_threads';
import { OutgoingMessage } from '../event-publisher';
import { InMemoryEventBus } from './in-memory-event-bus';

/**
 * The in-memory bus across the threads of one process. Each app thread keeps a whole
 * replica of the bus; what a thread publishes goes to the sequencer, which alone decides
 * the order and hands every message to every replica, so all of them hold the same logs
 * with the same offsets. A consumer group lives in one app, so its cursor stays in that
 * app's thread and delivery never crosses a thread.
 */
export class BusSequencer {
  private readonly ports = new Set<MessagePort>();
  private ordered = false;

  /**
   * A port for one more replica, to be transferred to its thread and given to `linkBus`.
   * The sequencer keeps no log of its own, so every replica is linked before anything is
   * published: one linked later would lack the start of every topic.
   */
  connect(): MessagePort {
    if (this.ordered) throw new Error('a replica of the bus must be linked before the first publish');
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (messages: OutgoingMessage[]) => this.order(messages));
    port1.on('close', () => this.ports.delete(port1));
    this.ports.add(port1);
    return port2;
  }

  close(): void {
    for (const port of this.ports) port.close();
    this.ports.clear();
  }

  private order(messages: OutgoingMessage[]): void {
    this.ordered = true;
    for (const port of this.ports) port.postMessage(messages);
  }
}

/**
 * This thread's replica, linked to the sequencer through `port`. A publish shows in the
 * replica once the sequencer has ordered it, as it does in every other replica. Closing the
 * port lets the thread end.
 */
export function linkBus(port: MessagePort): InMemoryEventBus {
  const bus = new InMemoryEventBus((messages) => port.postMessage(messages));
  port.on('message', (messages: OutgoingMessage[]) => bus.append(messages));
  return bus;
}
