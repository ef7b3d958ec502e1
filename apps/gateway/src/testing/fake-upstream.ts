import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type FakeHandler = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

/** A tiny real HTTP server standing in for a service behind the gateway. */
export class FakeUpstream {
  readonly received: ReceivedRequest[] = [];

  private constructor(private readonly server: Server) {}

  static async start(handler: FakeHandler): Promise<FakeUpstream> {
    const server = createServer((raw, response) => {
      const chunks: Buffer[] = [];
      raw.on('data', (chunk: Buffer) => chunks.push(chunk));
      raw.on('end', () => {
        const request = { method: raw.method!, url: raw.url!, headers: raw.headers, body: Buffer.concat(chunks).toString() };
        upstream.received.push(request);
        handler(request, response, raw);
      });
    });
    const upstream = new FakeUpstream(server);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    return upstream;
  }

  /** An origin where nothing listens: a server's port, released again. */
  static async unusedOrigin(): Promise<string> {
    const upstream = await FakeUpstream.start(() => undefined);
    const origin = upstream.origin;
    await upstream.stop();
    return origin;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  last(): ReceivedRequest | undefined {
    return this.received[this.received.length - 1];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
