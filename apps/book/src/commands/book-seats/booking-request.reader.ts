import { Injectable } from '@nestjs/common';
import { BookSeatsRequest, HoldSeatsRequest } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { CatalogService } from '../../catalog/catalog.service';
import { HoldRepository } from '../../database/hold.repository';
import { HoldNotFound, InvalidBookingRequest } from '../../domain/book.errors';
import { BookingProps } from '../../domain/booking';
import { SeatHold } from '../../domain/seat-hold';
import { parseSeatList } from '../../domain/seats';

/** What a booking or a hold is for, checked against the catalog before anything is written. */
export type SeatsWanted = Pick<BookingProps, 'movieId' | 'movieName' | 'screeningId' | 'startsAt' | 'seats' | 'totalPrice'>;

/** Reads a booking or hold request into the seats, screening and price it asks for. */
@Injectable()
export class BookingRequestReader {
  constructor(
    private readonly catalog: CatalogService,
    private readonly holds: HoldRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async fromSeats(request: BookSeatsRequest | HoldSeatsRequest): Promise<{ booking: SeatsWanted; hold?: undefined }> {
    const { screening, movie } = await this.catalog.choose(request);
    const seats = parseSeatList(request.seat, request.qty, screening);
    const totalPrice = screening.price * seats.length;
    checkPrice(request.totalPrice, totalPrice, `${seats.length} seat(s) at ${screening.price}`);
    return { booking: { movieId: movie.id, movieName: movie.name, screeningId: screening.id, startsAt: screening.startsAt, seats, totalPrice } };
  }

  /** The hold's seats; what the request says besides the hold id must agree with it. */
  async fromHold(request: BookSeatsRequest, customerId: string): Promise<{ booking: SeatsWanted; hold: SeatHold }> {
    const hold = await this.transactions.runStatement((manager) => this.holds.find(manager, request.holdId!));
    // Another customer's hold is reported as unknown, so hold ids cannot be probed.
    if (!hold || hold.customerId !== customerId) throw new HoldNotFound(request.holdId!);
    const { screeningId, seats, totalPrice } = hold.snapshot();
    const { screening, movie } = await this.catalog.screening(screeningId);
    const mismatches: string[] = [];
    if (request.screeningId !== undefined && request.screeningId !== screeningId) mismatches.push(`screening ${screeningId}`);
    if (request.movieName !== undefined && request.movieName.trim().toLowerCase() !== movie.name) mismatches.push(`movie ${movie.name}`);
    if (request.qty !== undefined && request.qty !== seats.length) mismatches.push(`${seats.length} seat(s)`);
    if (request.seat !== undefined && !sameSeats(parseSeatList(request.seat, seats.length, screening), seats)) mismatches.push(`seats ${seats.join(',')}`);
    if (mismatches.length > 0) {
      throw new InvalidBookingRequest('HOLD_MISMATCH', `hold ${hold.id} is for ${mismatches.join(', ')}; leave them out or say the same`);
    }
    checkPrice(request.totalPrice, totalPrice, `the hold's ${seats.length} seat(s)`);
    return { booking: { movieId: movie.id, movieName: movie.name, screeningId, startsAt: screening.startsAt, seats, totalPrice }, hold };
  }
}

function checkPrice(expected: number | undefined, actual: number, what: string): void {
  if (expected !== undefined && expected !== actual) {
    throw new InvalidBookingRequest('PRICE_MISMATCH', `totalPrice ${expected} is wrong: ${what} cost ${actual}`);
  }
}

const sameSeats = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
