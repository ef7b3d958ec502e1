import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { BookingStatus, BookingView, BookSeatsRequest, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { CatalogService } from '../../catalog/catalog.service';
import { BookingRepository } from '../../database/booking.repository';
import { InvalidBookingRequest, PaymentDeclined, PaymentUnavailable, SeatAlreadyTaken } from '../../domain/book.errors';
import { Booking } from '../../domain/booking';
import { bookingConfirmed } from '../../domain/booking.events';
import { parseSeatList } from '../../domain/seats';
import { PaymentClient } from '../../payment/payment.client';
import { VoidPayments } from '../settle-pending/void-payments';
import { toBookingView } from '../../queries/booking.view';

/**
 * Book and pay in one request, or nothing. The seats are taken in a first transaction
 * (the database refuses a seat already taken), payment is called outside any transaction,
 * and a second transaction either confirms the booking with its event or releases the seats.
 */
@Injectable()
export class BookSeatsService {
  private readonly logger = new Logger(BookSeatsService.name);

  constructor(
    private readonly catalog: CatalogService,
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentClient,
    private readonly voids: VoidPayments,
    private readonly outbox: Outbox,
  ) {}

  async book(request: BookSeatsRequest, customerId: string): Promise<BookingView> {
    const { screening, movie } = await this.catalog.choose(request);
    const seats = parseSeatList(request.seat, request.qty, screening);
    const totalPrice = screening.price * seats.length;
    if (request.totalPrice !== undefined && request.totalPrice !== totalPrice) {
      throw new InvalidBookingRequest(
        'PRICE_MISMATCH',
        `totalPrice ${request.totalPrice} is wrong: ${seats.length} seat(s) at ${screening.price} cost ${totalPrice}`,
      );
    }
    // Fast fallback: while the breaker is open nothing is written and payment is not called.
    if (this.payments.isOpen) throw new PaymentUnavailable(this.payments.openRetryAfterSeconds, 'breaker open');

    const booking = Booking.start({
      id: randomUUID(),
      customerId,
      movieId: movie.id,
      movieName: movie.name,
      screeningId: screening.id,
      startsAt: screening.startsAt,
      seats,
      totalPrice,
    });
    await this.reserve(booking);

    const outcome = await this.payments.pay({ bookingId: booking.id, customerId, amount: totalPrice });
    if (outcome.kind === 'approved') return this.confirm(booking, outcome.payment.paymentId);

    // A payment that was attempted may have been recorded after we gave up on it: void it.
    const mayBeCharged = outcome.kind === 'unavailable' && outcome.attempted;
    await this.release(booking, mayBeCharged);
    if (mayBeCharged) this.voids.soon(booking.id, `payment ${outcome.why}`);
    if (outcome.kind === 'declined') throw new PaymentDeclined(outcome.reason);
    throw new PaymentUnavailable(outcome.retryAfterSeconds, outcome.why);
  }

  private async reserve(booking: Booking): Promise<void> {
    try {
      await this.transactions.run((manager) => this.bookings.insertWithSeats(manager, booking));
    } catch (error) {
      if (!(error instanceof SeatAlreadyTaken)) throw error;
      const { screeningId, seats } = booking.snapshot();
      const taken = await this.bookings.takenSeats(this.transactions.dataSource.manager, screeningId, seats);
      throw new SeatAlreadyTaken(taken.length > 0 ? taken : seats);
    }
  }

  private async confirm(booking: Booking, paymentId: string): Promise<BookingView> {
    booking.confirm(paymentId);
    const saved = await this.transactions.run(async (manager) => {
      if (!(await this.bookings.saveIf(manager, booking, BookingStatus.PENDING))) return false;
      await this.outbox.append(manager, Topics.booking, bookingConfirmed(booking));
      return true;
    });
    if (!saved) {
      // The reconciler settled this booking first (it thought payment had failed).
      this.logger.warn(`booking ${booking.id} was settled elsewhere while payment approved it; voiding the payment`);
      this.voids.soon(booking.id, 'booking already released');
      throw new PaymentUnavailable(1, 'late answer');
    }
    this.outbox.notifyCommitted();
    return toBookingView(booking);
  }

  private async release(booking: Booking, voidPending: boolean): Promise<void> {
    booking.release(voidPending);
    await this.transactions.run(async (manager) => {
      if (await this.bookings.saveIf(manager, booking, BookingStatus.PENDING)) await this.bookings.releaseSeats(manager, booking.id);
    });
  }
}
