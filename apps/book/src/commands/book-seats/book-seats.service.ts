import { Inject, Injectable, Logger } from '@nestjs/common';
import { BookingStatus, BookingView, BookSeatsRequest, newId } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { HoldSettings } from '../../book.config';
import { CatalogService } from '../../catalog/catalog.service';
import { BookingRepository } from '../../database/booking.repository';
import { HoldRepository } from '../../database/hold.repository';
import { HoldExpired, HoldInUse, PaymentDeclined, PaymentOutcomeUnknown, PaymentUnavailable } from '../../domain/book.errors';
import { Booking } from '../../domain/booking';
import { SeatHold } from '../../domain/seat-hold';
import { PaymentClient } from '../../payment/payment.client';
import { toBookingView } from '../../queries/booking.view';
import { HOLD_SETTINGS } from '../hold-seats/hold-settings';
import { SeatTaker } from '../../database/seat-taker';
import { IdempotencyClaim, StoredAnswer } from '../../idempotency/stored-answer';
import { ResolveUnknownPaymentService } from '../resolve-payment/resolve-unknown-payment.service';
import { BookingSettlement } from '../settle-pending/booking-settlement';
import { VoidPayments } from '../settle-pending/void-payments';
import { BookingRequestReader } from './booking-request.reader';

/**
 * Book and pay in one request, or nothing. The seats are taken in a first transaction
 * (the database refuses a seat already taken; a hold hands over the seats it has), payment is
 * called outside any transaction, and a second transaction either confirms the booking with its
 * event or releases the seats.
 */
@Injectable()
export class BookSeatsService {
  private readonly logger = new Logger(BookSeatsService.name);

  constructor(
    private readonly reader: BookingRequestReader,
    private readonly catalog: CatalogService,
    private readonly bookings: BookingRepository,
    private readonly holds: HoldRepository,
    private readonly seats: SeatTaker,
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentClient,
    private readonly voids: VoidPayments,
    private readonly settlement: BookingSettlement,
    private readonly unknownPayments: ResolveUnknownPaymentService,
    @Inject(HOLD_SETTINGS) private readonly holdSettings: HoldSettings,
  ) {}

  /**
   * With an idempotency claim the client can come back for the outcome, so a payment that timed
   * out is resolved rather than given up on: the booking stays pending and the answer is 503.
   */
  async book(request: BookSeatsRequest, customerId: string, claim?: IdempotencyClaim): Promise<BookingView> {
    const wanted = request.holdId ? await this.reader.fromHold(request, customerId) : await this.reader.fromSeats(request);
    // Fast fallback: while the breaker is open nothing is written and payment is not called.
    if (this.payments.isOpen) throw new PaymentUnavailable(this.payments.openRetryAfterSeconds, 'breaker open');

    const booking = Booking.start({ id: newId(), customerId, ...wanted.booking });
    if (wanted.hold) await this.payFromHold(booking, wanted.hold, claim);
    else {
      await this.seats.take(booking.snapshot(), async (manager) => {
        await this.bookings.insertWithSeats(manager, booking);
        await claim?.linkBooking(manager, booking.id);
      });
    }

    const outcome = await this.payments.pay({ bookingId: booking.id, customerId, amount: booking.totalPrice });
    if (outcome.kind === 'approved') return this.confirm(booking, outcome.payment.paymentId, Boolean(wanted.hold));
    if (claim && outcome.kind === 'unavailable' && outcome.why === 'timeout') {
      this.unknownPayments.watch(booking);
      throw new PaymentOutcomeUnknown(outcome.retryAfterSeconds, booking.id);
    }

    // A payment that was attempted may have been recorded after we gave up on it: void it, but
    // only if this request released the booking; the reconciler may have found it paid first.
    const mayBeCharged = outcome.kind === 'unavailable' && outcome.attempted;
    if (!(await this.settlement.release(booking, mayBeCharged))) {
      const standing = await this.standing(booking.id);
      if (standing) return standing;
    } else if (mayBeCharged) this.voids.soon(booking.id, `payment ${outcome.why}`);
    if (outcome.kind === 'declined') throw new PaymentDeclined(outcome.reason);
    throw new PaymentUnavailable(outcome.retryAfterSeconds, outcome.why);
  }

  /** The answer a keyed request that made this booking ends with; undefined while payment's answer is awaited. */
  async answerFor(bookingId: string): Promise<StoredAnswer | undefined> {
    const booking = await this.transactions.runStatement((manager) => this.bookings.find(manager, bookingId));
    if (!booking || booking.status === BookingStatus.PENDING) return undefined;
    if (booking.status !== BookingStatus.RELEASED) return { statusCode: 201, body: toBookingView(booking) };
    const failed = new PaymentUnavailable(this.payments.retryAfterSeconds, 'no answer in time');
    return {
      statusCode: 503,
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        code: failed.code,
        // This is the key's final answer: sending the key again only repeats it.
        message: `booking ${bookingId} was not paid: ${failed.message}, with a new Idempotency-Key`,
      },
      retryAfterSeconds: failed.retryAfterSeconds,
    };
  }

  /** The hold's seats go to the booking, and the hold is extended (once) while payment runs. */
  private async payFromHold(booking: Booking, hold: SeatHold, claim?: IdempotencyClaim): Promise<void> {
    await this.transactions.run(async (manager) => {
      const current = (await this.holds.find(manager, hold.id)) ?? hold;
      current.startBooking(booking.id, this.holdSettings.ttlMs);
      if (!(await this.holds.saveIf(manager, current, null))) throw new HoldInUse(hold.id, 'booking');
      if (!(await this.bookings.insertForHold(manager, booking, current.id, current.expiresAt))) throw new HoldExpired(hold.id, 'expired');
      await claim?.linkBooking(manager, booking.id);
    });
  }

  private async confirm(booking: Booking, paymentId: string, fromHold: boolean): Promise<BookingView> {
    if (!(await this.settlement.confirm(booking, paymentId, { fromHold }))) {
      // The reconciler settled this booking while payment's answer was on its way: it booked it
      // (payment had recorded the charge), or it released it and voided the charge.
      const standing = await this.standing(booking.id);
      if (standing) return standing;
      this.logger.warn(`booking ${booking.id} was released elsewhere while payment approved it; voiding the payment`);
      this.voids.soon(booking.id, 'booking already released');
      throw new PaymentUnavailable(1, 'late answer');
    }
    return toBookingView(booking);
  }

  /** The booking as it stands now if another party (the reconciler) confirmed it. */
  private async standing(bookingId: string): Promise<BookingView | undefined> {
    const current = await this.transactions.runStatement((manager) => this.bookings.find(manager, bookingId));
    return current?.status === BookingStatus.BOOKED ? toBookingView(current) : undefined;
  }
}
