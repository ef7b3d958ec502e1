import { Injectable } from '@nestjs/common';
import { EventReplayer } from '@movie/messaging';
import { LockNotFree, TransactionRunner } from '@movie/persistence';
import { BookingHistoryRepository } from '../../database/booking-history.repository';
import { MyBookingRepository } from '../../database/my-booking.repository';
import { EventLogIncomplete, RebuildInProgress } from '../../domain/mypage.errors';
import { MypageEventHandlers } from '../../projection/mypage-event-handlers';
import { RebuildMypageResult } from './rebuild-mypage.result';

/**
 * Empties my page and replays every topic from the beginning through the live projection,
 * so a rebuilt page is the page the live consumer would have built. It first checks that the
 * topics still hold every event my page shows, and refuses, leaving my page as it is, if not.
 * Events consumed live meanwhile are kept: the projection applies each event id once. One
 * rebuild at a time, across every my page replica on the database: a second one would empty
 * what the first replayed.
 */
@Injectable()
export class RebuildMypageService {
  private running = false;

  constructor(
    private readonly replayer: EventReplayer,
    private readonly handlers: MypageEventHandlers,
    private readonly transactions: TransactionRunner,
    private readonly bookings: MyBookingRepository,
    private readonly history: BookingHistoryRepository,
  ) {}

  async rebuild(): Promise<RebuildMypageResult> {
    if (this.running) throw new RebuildInProgress();
    this.running = true;
    try {
      return await this.transactions.exclusively('mypage-rebuild', () => this.emptyAndReplay(), { waitSeconds: 0 });
    } catch (error) {
      throw error instanceof LockNotFree ? new RebuildInProgress() : error;
    } finally {
      this.running = false;
    }
  }

  private async emptyAndReplay(): Promise<RebuildMypageResult> {
    await this.refuseIfTheLogLacksHistory();
    await this.transactions.run(async (manager) => {
      await this.history.clear(manager);
      await this.bookings.clear(manager);
    });
    const eventsReplayed = await this.replayer.replay('mypage', this.handlers.topics, this.handlers.all);
    const [bookings, historyEntries] = await this.transactions.runStatement((manager) => Promise.all([this.bookings.count(manager), this.history.count(manager)]));
    return { eventsReplayed, bookings, historyEntries };
  }

  /**
   * Every event my page shows must still be in the log, or emptying my page would lose it for
   * good. Read before the log: events applied later were in the log when it was read.
   */
  private async refuseIfTheLogLacksHistory(): Promise<void> {
    const shown = await this.transactions.runStatement((manager) => this.history.eventIds(manager));
    const inLog = await this.replayer.eventIdsInLog('mypage', this.handlers.topics);
    const missing = shown.filter((id) => !inLog.has(id)).length;
    if (missing > 0) throw new EventLogIncomplete(missing, shown.length);
  }
}
