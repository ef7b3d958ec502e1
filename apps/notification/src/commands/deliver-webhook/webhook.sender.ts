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
      return { statusCode: response.status };
    } catch (error) {
      return { error: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return `${error.name === 'TimeoutError' ? 'timed out' : error.message}${reason}`.slice(0, 500);
}
