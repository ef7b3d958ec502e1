/** A kafkajs producer, consumer or admin: anything that connects and disconnects. */
export interface Connectable {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Kafka clients connected at their first use and kept. Callers at once share one attempt; a failed
 * one is forgotten, so the next use tries again. After close(), uses fail rather than connect anew.
 */
export class KeptConnection {
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    /** What the clients are, for the error after close, e.g. "the Kafka publisher". */
    private readonly what: string,
    private readonly clients: Connectable[],
  ) {}

  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.what} is closed`));
    this.connecting ??= Promise.all(this.clients.map((client) => client.connect())).then(
      () => undefined,
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Disconnects the clients if they were ever asked to connect. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.connecting) return;
    this.connecting = undefined;
    await Promise.allSettled(this.clients.map((client) => client.disconnect()));
  }
}
