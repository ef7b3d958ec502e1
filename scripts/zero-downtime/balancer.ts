import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * What a Kubernetes Service does for the apps behind it, on 127.0.0.1: round-robin over the
 * instances in rotation. An instance leaves the rotation before it is stopped, as a terminating
 * pod leaves the Service's endpoints during its preStop pause.
 */
export class Balancer {
  private readonly inRotation: string[] = [];
  private next = 0;
  private server?: Server;

  add(origin: string): void {
    if (!this.inRotation.includes(origin)) this.inRotation.push(origin);
  }

  remove(origin: string): void {
    const index = this.inRotation.indexOf(origin);
    if (index >= 0) this.inRotation.splice(index, 1);
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      const origin = this.inRotation[this.next++ % Math.max(this.inRotation.length, 1)];
      if (!origin) {
        outgoing.writeHead(503).end('no instance in rotation');
        return;
      }
      const target = new URL(incoming.url ?? '/', origin);
      // A new connection per request, as kube-proxy balances connections, not requests.
      const forwarded = request(target, { method: incoming.method, headers: incoming.headers, agent: false }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', (error) => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end(`balancer: ${error.message}`);
      });
      incoming.pipe(forwarded);
    });
    await new Promise<void>((listening) => this.server!.listen(port, '127.0.0.1', listening));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }
}
