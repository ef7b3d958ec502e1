import type { IncomingHttpHeaders } from 'node:http';
import { Readable, Transform } from 'node:stream';

/** A request body over the gateway's limit: 413, and nothing more of it goes upstream. */
export class BodyTooLarge extends Error {
  readonly statusCode = 413;

  constructor(limit: number) {
    super(`the request body is larger than ${limit} bytes`);
  }
}

export function declaredTooLarge(headers: IncomingHttpHeaders, limit: number): boolean {
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > limit;
}

/**
 * The body as it streams upstream, failing once more than `limit` bytes came; this also
 * catches a chunked body, which declares no length.
 */
export function limitedBody(body: Readable, limit: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      seen += chunk.length;
      next(seen > limit ? new BodyTooLarge(limit) : null, chunk);
    },
  });
  body.on('error', (error) => counter.destroy(error));
  return body.pipe(counter);
}

/** The body read whole, for a request that may be sent twice; it fails past `limit` as limitedBody does. */
export async function wholeBody(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of limitedBody(body, limit)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The BodyTooLarge behind an upstream call's failure, if that is what it was. */
export function bodyTooLargeIn(error: unknown): BodyTooLarge | undefined {
  for (let cause = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    if (cause instanceof BodyTooLarge) return cause;
  }
  return undefined;
}
