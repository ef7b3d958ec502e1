import { ConsumerLagReader } from '../consumer-lag';
import { InMemoryEventBus } from './in-memory-event-bus';

/** The topic's log length minus the group's position on this process's bus. */
export class InMemoryConsumerLag extends ConsumerLagReader {
  constructor(private readonly bus: InMemoryEventBus) {
    super();
  }

  async lagOf(group: string, topic: string): Promise<number> {
    return this.bus.end(topic) - this.bus.position(group, topic);
  }
}
