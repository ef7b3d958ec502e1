import { once } from 'node:events';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A webhook endpoint on 127.0.0.1 that records what it gets and can be told to fail posts. */
export class WebhookReceiver {
  readonly received: ReceivedPost[] = [];
  private readonly failures: { statusCode: number; headers: Record<string, string>; when: (body: unknown) => boolean }[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const receiver: WebhookReceiver = new WebhookReceiver(createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        receiver.received.push({ headers: request.headers, body });
        const { statusCode, headers } = receiver.answerTo(body);
        response.writeHead(statusCode, headers).end();
      });
    }));
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/notifications`;
  }

  /** Answers the next post whose body matches with `statusCode`; every other post gets 204. */
  failNext(statusCode: number, when: (body: unknown) => boolean = () => true): void {
    this.failures.push({ statusCode, headers: {}, when });
  }

  /** Answers the next post whose body matches with a redirect to `location`. */
  redirectNext(statusCode: number, location: string, when: (body: unknown) => boolean = () => true): void {
    this.failures.push({ statusCode, headers: { location }, when });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private answerTo(body: unknown): { statusCode: number; headers: Record<string, string> } {
    const index = this.failures.findIndex(({ when }) => when(body));
    return index < 0 ? { statusCode: 204, headers: {} } : this.failures.splice(index, 1)[0];
  }
}
