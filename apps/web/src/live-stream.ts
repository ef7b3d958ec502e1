import { send } from './api.js';
import { NotificationView } from './types.js';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface LiveHandlers {
  notification(view: NotificationView): void;
  state(state: LiveState): void;
}

/**
 * The customer's notifications as they happen (server-sent events from notification). Read
 * with fetch rather than EventSource so that it carries the same credentials as every other
 * call (a token in a header, or x-customer-id in demo mode) and renews an expired token. Reconnects with backoff; nothing is replayed, so the
 * caller reloads what it shows whenever the state becomes `live`.
 */
export function openLiveStream(handlers: LiveHandlers): () => void {
  const stop = new AbortController();
  void (async () => {
    let waitMs = 1000;
    let first = true;
    while (!stop.signal.aborted) {
      handlers.state(first ? 'connecting' : 'reconnecting');
      first = false;
      try {
        const response = await send('/notifications/stream', {
          headers: { accept: 'text/event-stream' },
          cache: 'no-store',
          signal: stop.signal,
        });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        handlers.state('live');
        waitMs = 1000;
        await readEvents(response.body, (data) => handlers.notification(JSON.parse(data) as NotificationView));
      } catch {
        // Dropped or refused: wait and try again below, unless the page closed the stream.
      }
      if (stop.signal.aborted) break;
      await pause(waitMs, stop.signal);
      waitMs = Math.min(waitMs * 2, 15_000);
    }
    handlers.state('closed');
  })();
  return () => stop.abort();
}

/** Calls back with each event's data; comment lines (heartbeats) carry none. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: RegExpExecArray | null;
    while ((end = /\r?\n\r?\n/.exec(buffer))) {
      const data = dataOf(buffer.slice(0, end.index));
      buffer = buffer.slice(end.index + end[0].length);
      if (data !== undefined) onData(data);
    }
  }
}

function dataOf(block: string): string | undefined {
  const lines = block.split(/\r?\n/).filter((line) => line.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((line) => line.slice(line.startsWith('data: ') ? 6 : 5)).join('\n');
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}
