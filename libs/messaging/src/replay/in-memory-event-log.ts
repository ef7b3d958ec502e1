import { decodeMessageValue } from '../transport/decode-message-value';
import { InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { EventLog, LogVisitor } from './event-log';

/** The bus keeps every message, so its log is the whole history of each topic. */
export class InMemoryEventLog extends EventLog {
  constructor(private readonly bus: InMemoryEventBus) {
    super();
  }

  async readFromBeginning(topics: readonly string[], visit: LogVisitor): Promise<void> {
    for (const topic of topics) {
      const messages = this.bus.read(topic).map((message) => decodeMessageValue(message.value));
      if (messages.length > 0) await visit(topic, messages);
    }
  }
}
