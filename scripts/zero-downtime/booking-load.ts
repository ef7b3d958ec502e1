import { setTimeout as sleep } from 'node:timers/promises';

/** One free seat of one screening. */
export interface SeatToBook {
  screeningId: string;
  seat: string;
}

export interface LoadReport {
  sent: number;
  succeeded: number;
  failed: number;
  /** Count of each failure: `HTTP 503`, `fetch failed`, ... */
  failures: Record<string, number>;
  bookingIds: string[];
}

/**
 * A steady booking load through the gateway: a few workers, each booking one free seat at a time
 * with a pause between requests, until stopped or out of seats. Every booking is for one customer,
 * so the consumers' results can be read back for exactly these bookings.
 */
export class BookingLoad {
  private readonly report: LoadReport = { sent: 0, succeeded: 0, failed: 0, failures: {}, bookingIds: [] };
  private stopped = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly gateway: string,
    private readonly customerId: string,
    private readonly seats: SeatToBook[],
    private readonly options: { workers: number; pauseMs: number },
  ) {}

  start(): void {
    this.workers = Array.from({ length: this.options.workers }, () => this.work());
  }

  get seatsLeft(): number {
    return this.seats.length;
  }

  async stop(): Promise<LoadReport> {
    this.stopped = true;
    await Promise.all(this.workers);
    return this.report;
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const next = this.seats.shift();
      if (!next) return;
      await this.book(next);
      await sleep(this.options.pauseMs);
    }
  }

  private async book({ screeningId, seat }: SeatToBook): Promise<void> {
    this.report.sent += 1;
    try {
      const response = await fetch(`${this.gateway}/books`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-customer-id': this.customerId },
        body: JSON.stringify({ screeningId, qty: 1, seat }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await response.json().catch(() => ({}))) as { id?: string };
      if (response.status === 201 && body.id) {
        this.report.succeeded += 1;
        this.report.bookingIds.push(body.id);
        return;
      }
      this.fail(`HTTP ${response.status}`);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  private fail(reason: string): void {
    this.report.failed += 1;
    this.report.failures[reason] = (this.report.failures[reason] ?? 0) + 1;
  }
}

/** Every free seat of every screening, as book reports them. */
export async function freeSeats(gateway: string): Promise<SeatToBook[]> {
  const movies = (await (await fetch(`${gateway}/movies`)).json()) as { screenings: { id: string }[] }[];
  const seats: SeatToBook[] = [];
  for (const screening of movies.flatMap((movie) => movie.screenings)) {
    const map = (await (await fetch(`${gateway}/screenings/${screening.id}/seats`)).json()) as { rows: { seats: { seat: string; free: boolean }[] }[] };
    for (const place of map.rows.flatMap((row) => row.seats)) if (place.free) seats.push({ screeningId: screening.id, seat: place.seat });
  }
  return seats;
}
