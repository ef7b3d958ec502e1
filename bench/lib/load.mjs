// Load through autocannon, with a progress line every second and every response recorded into
// time buckets, so a benchmark can report a timeline as well as totals.
import autocannon from 'autocannon';
import { Pool } from 'undici';

/**
 * @param {object} options
 * @param {string} options.label shown on the progress line
 * @param {string} options.url
 * @param {number} options.connections
 * @param {number} options.durationSeconds
 * @param {() => string} [options.body] a fresh request body for each request (POST)
 * @param {string} [options.method]
 * @param {string} [options.path]
 * @param {number} [options.bucketMs] width of a timeline bucket
 * @param {(elapsedMs: number) => void} [options.onSecond] called once a second (sampling)
 */
export async function runLoad(options) {
  const { label, url, connections, durationSeconds, body, bucketMs = 1000, onSecond } = options;
  const method = options.method ?? (body ? 'POST' : 'GET');
  const path = options.path ?? '/';
  const started = performance.now();
  const recorder = new Recorder(bucketMs);
  const instance = autocannon({
    url,
    connections,
    duration: durationSeconds,
    timeout: 30,
    headers: { 'content-type': 'application/json' },
    requests: [body ? { method, path, setupRequest: (request) => ({ ...request, body: body() }) } : { method, path }],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => recorder.add(performance.now() - started, statusCode, responseTime));
  instance.on('reqError', () => recorder.add(performance.now() - started, 'error', NaN));
  const result = await withProgress(label, started, durationSeconds, recorder, onSecond, () => instance);
  return summarize(result, recorder);
}

/**
 * Load from clients that honour Retry-After: each of `connections` clients books, and after a 503
 * waits the seconds the answer's Retry-After says before its next request, as the web page does.
 * autocannon has no think time, so this loop uses fetch. Takes the options of runLoad.
 */
export async function runPoliteLoad(options) {
  const { label, url, connections, durationSeconds, body, bucketMs = 1000, onSecond } = options;
  const target = `${url}${options.path ?? '/'}`;
  const started = performance.now();
  const endsAt = started + durationSeconds * 1000;
  const recorder = new Recorder(bucketMs);
  let errors = 0;
  const client = async () => {
    while (performance.now() < endsAt) {
      const sent = performance.now();
      let wait = 0;
      try {
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(), signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        recorder.add(performance.now() - started, response.status, performance.now() - sent);
        if (response.status === 503) wait = 1000 * Number(response.headers.get('retry-after') ?? 1);
      } catch {
        errors++;
        recorder.add(performance.now() - started, 'error', NaN);
        wait = 1000;
      }
      if (wait > 0) await new Promise((done) => setTimeout(done, Math.min(wait, Math.max(0, endsAt - performance.now()))));
    }
  };
  await withProgress(label, started, durationSeconds, recorder, onSecond, () => Promise.all(Array.from({ length: connections }, client)));
  return summarize({ duration: durationSeconds, connections, errors, timeouts: 0 }, recorder);
}

/**
 * Load at a fixed rate, whatever the answers' pace (an open loop): request i is due at
 * i / perSecond seconds and is sent then, on a free connection or a new one, and its latency is
 * counted from when it was due, so a platform that falls behind shows its queue in the figures
 * rather than slowing the load down (no coordinated omission). autocannon's rate limits send
 * each second's budget at the start of the second, in bursts. Takes the options of runLoad with
 * `perSecond` in place of `connections`; `maxConnections` caps the connections. Once more than a
 * second's worth of requests is waiting for answers the platform is past what it can carry, and
 * the rest of the run is not sent (`fellBehind`), so that draining the queue takes seconds, not minutes.
 */
export async function runOpenLoad(options) {
  const { label, url, perSecond, durationSeconds, body, bucketMs = 1000, onSecond, maxConnections = 1024 } = options;
  const path = options.path ?? '/';
  const pool = new Pool(url, { connections: maxConnections, pipelining: 1 });
  const recorder = new Recorder(bucketMs);
  const total = Math.round(perSecond * durationSeconds);
  const started = performance.now();
  const dueAt = (index) => started + (1000 * index) / perSecond;
  let errors = 0;
  const inFlight = new Set();
  const send = (due) => {
    const sent = pool
      .request({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: body(), headersTimeout: 30_000, bodyTimeout: 30_000 })
      .then(async (response) => {
        await response.body.dump();
        recorder.add(due - started, response.statusCode, performance.now() - due);
      })
      .catch(() => {
        errors++;
        recorder.add(due - started, 'error', NaN);
      })
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };
  let next = 0;
  let fellBehind = false;
  let sentFor = 0;
  try {
    await withProgress(label, started, durationSeconds, recorder, onSecond, async () => {
      while (next < total && !fellBehind) {
        const now = performance.now();
        while (next < total && dueAt(next) <= now) send(dueAt(next++));
        fellBehind = inFlight.size > Math.max(64, perSecond);
        if (next < total && !fellBehind) await new Promise((wake) => setTimeout(wake, Math.max(0, dueAt(next) - performance.now())));
      }
      sentFor = (performance.now() - started) / 1000;
      while (inFlight.size > 0) await Promise.all(inFlight);
    });
  } finally {
    await pool.close();
  }
  return { ...summarize({ duration: durationSeconds, connections: maxConnections, errors, timeouts: 0 }, recorder), sent: next, sentSeconds: round(sentFor), fellBehind };
}

class Recorder {
  constructor(bucketMs) {
    this.bucketMs = bucketMs;
    this.latencies = [];
    this.byStatus = new Map();
    this.buckets = [];
    this.recent = [];
  }

  add(atMs, status, latencyMs) {
    const key = String(status);
    if (!this.byStatus.has(key)) this.byStatus.set(key, []);
    this.byStatus.get(key).push(latencyMs);
    if (!Number.isNaN(latencyMs)) this.latencies.push(latencyMs);
    const index = Math.floor(atMs / this.bucketMs);
    const bucket = (this.buckets[index] ??= { t: (index * this.bucketMs) / 1000, statuses: {}, latencies: [] });
    bucket.statuses[key] = (bucket.statuses[key] ?? 0) + 1;
    if (!Number.isNaN(latencyMs)) bucket.latencies.push(latencyMs);
    this.recent.push([atMs, key, latencyMs]);
  }

  /** Responses of the last second: count, statuses and p99, for the progress line. */
  lastSecond(nowMs) {
    this.recent = this.recent.filter(([at]) => at > nowMs - 1000);
    const statuses = {};
    for (const [, key] of this.recent) statuses[key] = (statuses[key] ?? 0) + 1;
    return { count: this.recent.length, statuses, p99: percentile(this.recent.map(([, , ms]) => ms).filter((ms) => !Number.isNaN(ms)), 99) };
  }
}

/** Runs `work` with a progress line every second (and the caller's sampling), and ends the line when it is done. */
async function withProgress(label, started, durationSeconds, recorder, onSecond, work) {
  const progress = setInterval(() => {
    const elapsed = performance.now() - started;
    onSecond?.(elapsed);
    printProgress(label, elapsed / 1000, durationSeconds, recorder.lastSecond(elapsed));
  }, 1000);
  try {
    const result = await work();
    if (process.stdout.isTTY) process.stdout.write('\n');
    return result;
  } finally {
    clearInterval(progress);
  }
}

function printProgress(label, elapsed, duration, second) {
  const statuses = Object.entries(second.statuses).map(([code, n]) => `${code}:${n}`).join(' ');
  const line = `[${label}] ${elapsed.toFixed(0).padStart(3)}s/${duration}s  ${String(second.count).padStart(5)} req/s  p99 ${fmt(second.p99)} ms  ${statuses}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(110)}`);
  else process.stdout.write(`${line}\n`);
}

function summarize(result, recorder) {
  const statuses = Object.fromEntries([...recorder.byStatus].map(([code, list]) => [code, list.length]));
  const latencyByStatus = Object.fromEntries(
    [...recorder.byStatus].filter(([code]) => code !== 'error').map(([code, list]) => [code, { p50: percentile(list, 50), p99: percentile(list, 99) }]),
  );
  const total = recorder.latencies.length;
  return {
    durationSeconds: result.duration,
    connections: result.connections,
    requests: total,
    perSecond: round(total / result.duration),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: { p50: percentile(recorder.latencies, 50), p90: percentile(recorder.latencies, 90), p99: percentile(recorder.latencies, 99), max: total > 0 ? round(recorder.latencies.reduce((a, b) => Math.max(a, b))) : NaN },
    latencyByStatus,
    // A second without a single answer is a point at zero, not a gap.
    timeline: Array.from(recorder.buckets, (bucket, index) => bucket ?? { t: (index * recorder.bucketMs) / 1000, statuses: {}, latencies: [] }).map((bucket) => ({
      t: bucket.t,
      statuses: bucket.statuses,
      p50: percentile(bucket.latencies, 50),
      p99: percentile(bucket.latencies, 99),
    })),
  };
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index]);
}

export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const fmt = (value) => (Number.isNaN(value) ? '-' : String(value)).padStart(6);
