import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BookingStatus } from '@movie/contracts';
import { LockNotFree, TransactionRunner } from '@movie/persistence';
import { PeriodicPass } from '@movie/runtime';
import { BookingRepository } from '../../database/booking.repository';
import { Booking } from '../../domain/booking';
import { PaymentClient } from '../../payment/payment.client';
import { ResolveUnknownPaymentService } from '../resolve-payment/resolve-unknown-payment.service';
import { BookingSettlement } from './booking-settlement';
import { VoidPayments } from './void-payments';

export const SETTLE_SETTINGS = Symbol('SETTLE_SETTINGS');
export interface SettleSettings {
  pendingStaleMs: number;
  reconcileIntervalMs: number;
}

/**
 * Settles what a crash or a lost answer left behind, at start and then periodically:
 * a booking still pending after pendingStaleMs is confirmed if payment approved it and
 * released (with its payment voided) if not; a released booking whose void failed is voided.
 * One book instance settles at a time; a pass that finds another one settling does nothing.
 */
@Injectable()
export class SettlePendingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettlePendingService.name);
  private readonly settler = new PeriodicPass('settling pending bookings', () => this.pass(), this.logger);

  constructor(
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentClient,
    private readonly voids: VoidPayments,
    private readonly settlement: BookingSettlement,
    private readonly unknownPayments: ResolveUnknownPaymentService,
    @Inject(SETTLE_SETTINGS) private readonly settings: SettleSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.settler.start(this.settings.reconcileIntervalMs);
    void this.settle();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settler.stop();
    await this.voids.drain();
  }

  /** One pass; returns how many bookings it settled. Never two passes at once, in this process or across replicas. */
  settle(): Promise<number> {
    return this.settler.run();
  }

  private async pass(): Promise<number> {
    try {
      // Replicas share the database: two passes would ask payment about the same bookings.
      return await this.transactions.exclusively('settle-pending', () => this.settleUnsettled(), { waitSeconds: 0 });
    } catch (error) {
      if (error instanceof LockNotFree) return 0;
      throw error;
    }
  }

  private async settleUnsettled(): Promise<number> {
    const before = new Date(Date.now() - this.settings.pendingStaleMs).toISOString();
    const unsettled = await this.transactions.runStatement((manager) => this.bookings.findUnsettled(manager, before, 100));
    let settled = 0;
    for (const booking of unsettled) {
      // A booking whose payment answer is being asked for right now is that resolver's to settle.
      if (this.unknownPayments.isWatching(booking.id)) continue;
      try {
        if (booking.status === BookingStatus.PENDING) await this.settlePending(booking);
        else await this.voids.now(booking.id, 'booking released earlier');
        settled++;
      } catch (error) {
        // One booking payment cannot answer for must not hold up the others.
        this.logger.warn(`booking ${booking.id} stays unsettled until the next pass: ${(error as Error).message}`);
      }
    }
    if (settled > 0) this.logger.log(`settled ${settled} booking(s) left unsettled`);
    return settled;
  }

  private async settlePending(booking: Booking): Promise<void> {
    const payment = await this.payments.find(booking.id);
    if (payment?.status === 'APPROVED') {
      await this.settlement.confirm(booking, payment.paymentId);
      return;
    }
    // Release first, the void owed: whoever moves the booking off PENDING first decides, and a
    // booking request that confirmed it meanwhile keeps its payment. A charge payment records
    // after the release is refunded by the void (retried by the next pass if it fails).
    if (!(await this.settlement.release(booking, true))) return;
    await this.voids.now(booking.id, 'booking left pending');
  }
}
