import { Inject, Injectable } from '@nestjs/common';
import { HoldSeatsRequest, HoldView, newId } from '@movie/contracts';
import { HoldSettings } from '../../book.config';
import { HoldRepository } from '../../database/hold.repository';
import { SeatTaker } from '../../database/seat-taker';
import { SeatHold } from '../../domain/seat-hold';
import { toHoldView } from '../../queries/hold.view';
import { BookingRequestReader } from '../book-seats/booking-request.reader';
import { HOLD_SETTINGS } from './hold-settings';

/** Keeps seats for a customer until the hold expires; the seat rows make a second hold or sale fail. */
@Injectable()
export class HoldSeatsService {
  constructor(
    private readonly reader: BookingRequestReader,
    private readonly holds: HoldRepository,
    private readonly seats: SeatTaker,
    @Inject(HOLD_SETTINGS) private readonly settings: HoldSettings,
  ) {}

  async hold(request: HoldSeatsRequest, customerId: string): Promise<HoldView> {
    const { booking: wanted } = await this.reader.fromSeats(request);
    const hold = SeatHold.start(
      { id: newId(), customerId, movieName: wanted.movieName, screeningId: wanted.screeningId, seats: wanted.seats, totalPrice: wanted.totalPrice },
      this.settings.ttlMs,
    );
    await this.seats.take(wanted, (manager) => this.holds.insertWithSeats(manager, hold));
    return toHoldView(hold);
  }
}
