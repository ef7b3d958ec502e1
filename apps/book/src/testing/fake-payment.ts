import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** `late`: records the charge at once and answers it slowMs later, as a payment whose answer is on its way. */
export type FakeMode = 'approve' | 'decline' | 'fail' | 'slow' | 'late' | 'down' | 'refuse' | 'mismatch';

/**
 * A payment stand-in on 127.0.0.1 for book's tests: real HTTP, behaviour switched by the
 * test. It records every request so a test can see what book really sent.
 */
export class FakePayment {
  mode: FakeMode = 'approve';
  slowMs = 2000;
  /** Answers 503 this many times before behaving as `mode`. */
  failFirst = 0;
  readonly requests: { method: string; url: string; body: any; headers: Record<string, unknown> }[] = [];
  readonly voided = new Set<string>();
  readonly payments = new Map<string, { paymentId: string; bookingId: string; amount: number; status: string }>();
  /** Runs when a void arrives, before it is answered. */
  onVoid?: (bookingId: string) => Promise<void>;
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  calls(path: string): number {
    return this.requests.filter((request) => request.url.split('?')[0] === path).length;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((done) => this.server?.close(done));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({ method: request.method!, url: request.url!, body, headers: request.headers });
    const reply = (status: number, payload: unknown) => {
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    const path = request.url!.split('?')[0];
    if (request.method === 'GET' && path === '/payments') {
      const bookingId = new URL(request.url!, 'http://x').searchParams.get('bookingId')!;
      const payment = this.payments.get(bookingId);
      return payment ? reply(200, payment) : reply(404, { message: 'no payment' });
    }
    if (path === '/payments/voids') {
      await this.onVoid?.(body.bookingId);
      const payment = this.payments.get(body.bookingId);
      if (payment) payment.status = 'REFUNDED';
      else this.voided.add(body.bookingId);
      return reply(200, { bookingId: body.bookingId, outcome: payment ? 'refunded' : 'voided' });
    }
    if (this.failFirst > 0) {
      this.failFirst--;
      return reply(503, { message: 'busy' });
    }
    if (this.mode === 'down') return void request.socket.destroy();
    if (this.mode === 'fail') return reply(500, { message: 'boom' });
    if (this.mode === 'mismatch') return reply(409, { code: 'PAYMENT_MISMATCH', message: 'this booking was paid with another amount' });
    if (this.mode === 'refuse') return reply(400, { code: 'VALIDATION_FAILED', message: 'customerId must be shorter than or equal to 120 characters' });
    if (this.mode === 'decline') return reply(402, { code: 'PAYMENT_DECLINED', message: 'amount over the card limit' });
    const record = () => {
      const payment = { paymentId: randomUUID(), bookingId: body.bookingId, amount: body.amount, status: 'APPROVED' };
      this.payments.set(body.bookingId, payment);
      return payment;
    };
    const approve = () => {
      if (this.voided.has(body.bookingId)) return reply(409, { code: 'PAYMENT_VOIDED', message: 'booking was voided' });
      reply(201, record());
    };
    if (this.mode === 'slow') this.timers.add(setTimeout(approve, this.slowMs));
    else if (this.mode === 'late') {
      const payment = record();
      this.timers.add(setTimeout(() => reply(201, payment), this.slowMs));
    } else approve();
  }
}
