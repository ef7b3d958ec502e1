import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type BookAnswer = 'accept' | 'cancelled' | 'unknown' | 'fail' | 'slow';

export interface BookCall {
  method: string;
  path: string;
  requestId: string | undefined;
}

/**
 * Book's print endpoint as ticket sees it, on 127.0.0.1 and a free port: it answers each
 * booking the way a test told it to (accept by default) and remembers every call.
 */
export class FakeBook {
  readonly calls: BookCall[] = [];
  private readonly answers = new Map<string, BookAnswer>();
  private server: Server | undefined;

  constructor(private readonly slowMs = 1000) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  answer(bookingId: string, answer: BookAnswer): void {
    this.answers.set(bookingId, answer);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '';
    const header = request.headers['x-request-id'];
    this.calls.push({ method: request.method ?? '', path, requestId: typeof header === 'string' ? header : undefined });
    const bookingId = /^\/internal\/books\/([^/]+)\/ticket-printed$/.exec(path)?.[1];
    if (request.method !== 'POST' || !bookingId) return send(response, 404, { statusCode: 404, message: 'no such route' });
    switch (this.answers.get(bookingId) ?? 'accept') {
      case 'accept':
        return send(response, 200, { id: bookingId, status: 2, statusLabel: 'ticket printed' });
      case 'cancelled':
        return send(response, 409, { statusCode: 409, code: 'BOOKING_CANCELLED', message: `booking ${bookingId} was cancelled` });
      case 'unknown':
        return send(response, 404, { statusCode: 404, code: 'BOOKING_NOT_FOUND', message: `booking ${bookingId} does not exist` });
      case 'fail':
        return send(response, 500, { statusCode: 500, message: 'Internal server error' });
      case 'slow':
        setTimeout(() => send(response, 200, { id: bookingId, status: 2 }), this.slowMs).unref();
    }
  }
}

function send(response: ServerResponse, status: number, body: object): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
