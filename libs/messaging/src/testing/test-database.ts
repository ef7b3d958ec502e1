import { setTimeout as sleep } from 'node:timers/promises';
import { IsInt, IsString, Min } from 'class-validator';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { messagingEntities } from '../messaging.entities';
import { newEnvelope } from '../outbox/outbox';
import { EventPublisher, OutgoingMessage } from '../transport/event-publisher';

/** A payload for tests: a seat held on a screening. */
export class SeatHeldV1 {
  @IsString() screeningId: string;
  @IsString() seat: string;
  @IsInt() @Min(1) qty: number;
}

/** The change a test handler makes, so a test can see whether it was committed. */
@Entity('held_seat')
export class HeldSeatOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 20 })
  seat: string;
}

export const seatHeld = (seat = 'A1', key = 'booking-1'): EventEnvelope<string, SeatHeldV1> =>
  newEnvelope({ source: 'test', type: 'SeatHeld', version: 1, key, payload: { screeningId: 'screening-1', seat, qty: 1 } });

export interface TestDatabase {
  dataSource: DataSource;
  transactions: TransactionRunner;
  close(): Promise<void>;
}

export async function openTestDatabase(url = 'sqlite::memory:'): Promise<TestDatabase> {
  const dataSource = await openDataSource({ url, entities: [...messagingEntities, HeldSeatOrm] });
  return { dataSource, transactions: new TransactionRunner(dataSource), close: () => dataSource.destroy() };
}

/** Records what was published; can be told to fail the next calls, as a broker that is away. */
export class RecordingPublisher extends EventPublisher {
  readonly published: OutgoingMessage[] = [];
  failuresToCome = 0;
  calls = 0;

  async publish(messages: OutgoingMessage[]): Promise<void> {
    this.calls++;
    if (this.failuresToCome > 0) {
      this.failuresToCome--;
      throw new Error('broker not available');
    }
    this.published.push(...messages);
  }

  async ping(): Promise<Record<string, unknown>> {
    return { transport: 'recording' };
  }

  async close(): Promise<void> {}
}

/** Waits until the check passes; for effects of background work. Never asserts on how long it took. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}
