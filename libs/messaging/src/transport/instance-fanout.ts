/** Sends one message to the app's other running instances. */
export type FanoutSend = (message: string) => void;

/** For readiness: the channels joined, and whether this instance hears the others on them. */
export interface FanoutStatus {
  channels: string[];
  listening: boolean;
}

/**
 * Messages from one instance of an app to its other running instances, for what each process
 * holds alone, such as the clients connected to it. Best effort by design: nothing goes through
 * the outbox or is kept, an instance hears only what is sent after it joined, and a message that
 * cannot be sent is dropped with a warning. Durable facts travel as events.
 */
export abstract class InstanceFanout {
  /**
   * Joins the channel `name` before the app starts: `listener` hears what the other instances send
   * on it, and the function returned sends to them (never throwing).
   */
  abstract join(name: string, listener: (message: string) => void): FanoutSend;

  /** Undefined when the transport has no other instances to hear. */
  abstract status(): FanoutStatus | undefined;
}

/** The memory transport's: the process holds the only instance of each app, so there is no one to tell. */
export class SingleInstanceFanout extends InstanceFanout {
  join(): FanoutSend {
    return () => undefined;
  }

  status(): undefined {
    return undefined;
  }
}
