// 3. Seat contention: 1,000 requests for the same two seats, all sent at once through the
// gateway. Exactly one may succeed; every other one must be told 409, none 500.
import { Agent } from 'undici';
import { percentile } from './lib/load.mjs';
import { Platform } from './lib/platform.mjs';
import { loadAverage, runLine, table } from './lib/report.mjs';
import { addScreenings, SEAT_PRICE } from './lib/seats.mjs';

export const name = 'contention';
const REQUESTS = 1000;
const BASE_PORT = { embedded: 19030, distributed: 19040 };

export async function run({ modes = ['embedded', 'distributed'] } = {}) {
  const runs = [];
  for (const mode of modes) runs.push(await contend(mode));
  return { requests: REQUESTS, runs };
}

/** The seat map after the storm; asked again while the platform is still catching up. */
async function seatsTaken(platform) {
  let last = '';
  for (let attempt = 0; attempt < 30; attempt++) {
    const response = await fetch(`${platform.url('book')}/screenings/bench-1/seats`).catch((error) => ({ status: error.message }));
    if (response.status === 200) return response.json();
    last = `${response.status}`;
    await new Promise((done) => setTimeout(done, 1000));
  }
  throw new Error(`book did not answer the seat map after the storm (last: ${last})`);
}

async function contend(mode) {
  const platform = new Platform({
    suite: `contention-${mode}`,
    mode,
    basePort: BASE_PORT[mode],
    // The winner's payment call waits behind 999 requests; given up after the default 610 ms, the
    // winner's seats are released and a second request wins them (one 201, one 503). That is the
    // breaker's subject (benchmark 1); this one measures who gets the seats.
    env: { BOOK_PAYMENT_TIMEOUT_MS: '10000' },
  });
  await platform.start();
  const dispatcher = new Agent({ connections: REQUESTS, pipelining: 0 });
  try {
    await addScreenings(platform, 1);
    const body = JSON.stringify({ qty: 2, movieName: 'soul', screeningId: 'bench-1', seat: '7C,7D', totalPrice: 2 * SEAT_PRICE });
    const loadAverageAtStart = loadAverage();
    process.stdout.write(`[contention ${mode}] ${REQUESTS} requests for seats 7C,7D of bench-1 at once\n`);
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, async () => {
        const sent = performance.now();
        try {
          const response = await fetch(`${platform.gateway}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher });
          const text = await response.text();
          return { status: response.status, ms: performance.now() - sent, code: response.status === 409 ? JSON.parse(text).code : undefined };
        } catch (error) {
          return { status: `error ${error.cause?.code ?? error.message}`, ms: performance.now() - sent };
        }
      }),
    );
    const wallMs = Math.round(performance.now() - started);
    const statuses = {};
    for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
    const seatMap = await seatsTaken(platform);
    const result = {
      mode,
      loadAverageAtStart,
      statuses,
      conflictCodes: [...new Set(answers.filter((a) => a.code).map((a) => a.code))],
      wallMs,
      latency: { p50: percentile(answers.map((a) => a.ms), 50), p99: percentile(answers.map((a) => a.ms), 99) },
      takenAfter: seatMap.taken,
    };
    const ok = statuses[201] === 1 && statuses[409] === REQUESTS - 1;
    process.stdout.write(`[contention ${mode}] ${JSON.stringify(statuses)} in ${wallMs} ms, taken after: ${seatMap.taken.join(',')} ${ok ? 'OK' : 'FAILED'}\n`);
    return { ...result, ok };
  } finally {
    await dispatcher.close();
    await platform.dispose();
  }
}

export function render(result) {
  const rows = result.runs.map((run) => [
    run.mode,
    run.statuses[201] ?? 0,
    run.statuses[409] ?? 0,
    run.statuses[500] ?? 0,
    Object.entries(run.statuses).filter(([code]) => !['201', '409', '500'].includes(code)).map(([code, n]) => `${code}: ${n}`).join(', ') || 'none',
    run.conflictCodes.join(', '),
    run.takenAfter.join(', '),
    run.wallMs,
    `${run.latency.p50} / ${run.latency.p99}`,
    run.ok ? 'yes' : '**no**',
    run.loadAverageAtStart,
  ]);
  return `## 3. Seat contention

${result.requests} \`POST /books\` for the same two seats (7C and 7D of one screening), all sent at once
through the gateway, each on its own connection. Expected: exactly one 201, every other 409, no 500.

${table(['mode', '201', '409', '500', 'other', '409 code', 'seats taken after', 'all answered in ms', 'p50 / p99 ms', 'as expected', 'load avg at start'], rows)}

${runLine(result)}`;
}

export const summary = (result) => result.runs.map((run) => `${run.mode}: ${JSON.stringify(run.statuses)} ${run.ok ? 'OK' : 'FAILED'}`).join('\n');
