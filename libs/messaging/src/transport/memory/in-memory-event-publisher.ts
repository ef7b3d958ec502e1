import { EventPublisher, OutgoingMessage } from '../event-publisher';
import { InMemoryEventBus } from './in-memory-event-bus';

export class InMemoryEventPublisher extends EventPublisher {
  override readonly forgetsOnRestart = true;

  constructor(private readonly bus: InMemoryEventBus) {
    super();
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.bus.publish(messages);
  }

  async ping(): Promise<Record<string, unknown>> {
    return { transport: 'memory', topics: this.bus.topics().length };
  }

  async close(): Promise<void> {
    // The bus belongs to the process, not to one app: other apps still use it.
  }
}
