import { Injectable } from '@nestjs/common';
import { Headers } from '@movie/contracts';
import { WebhookAnswer } from '../../domain/webhook-retry';

export interface WebhookPost {
  url: string;
  body: string;
  /** Also sent as the idempotency key: delivery is at least once, the receiver dedupes on it. */
  notificationId: string;
  timeoutMs: number;
}

/** One POST; never throws: whatever happened is the answer. */
@Injectable()
export class WebhookSender {
  async post({ url, body, notificationId, timeoutMs }: WebhookPost): Promise<WebhookAnswer> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'movie-notification',
          'x-notification-id': notificationId,
          [Headers.idempotencyKey]: notificationId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read the body so the connection goes back to the pool.
      await response.arrayBuffer().catch(() => undefined);
      // Where a redirect pointed is recorded, never visited.
      return { statusCode: response.status, location: response.headers.get('location') ?? undefined };
    } catch (error) {
      return { error: describe(error) };
    }
  }
}

/** Duck-typed: fetch's errors come from another realm under some test runners, so instanceof is unreliable. */
function describe(error: unknown): string {
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError') return 'timed out';
  const reason = cause?.code ?? cause?.message;
  return `${message ?? String(error)}${reason ? `: ${reason}` : ''}`.slice(0, 500);
}
