import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransactionRunner } from '@movie/persistence';
import { BookingRepository } from '../database/booking.repository';
import { seatsOf } from '../domain/seats';
import { CatalogService } from './catalog.service';
import { MovieView, SeatMapView } from './catalog.view';

@ApiTags('catalog')
@Controller()
export class CatalogHttpController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly bookings: BookingRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Get('movies')
  @ApiOperation({ summary: 'Movies showing, each with its screenings and seat price' })
  @ApiOkResponse({ type: [MovieView] })
  async movies(): Promise<MovieView[]> {
    const movies = await this.catalog.movies();
    return movies.map(({ movie, screenings }) => ({
      id: movie.id,
      name: movie.name,
      title: movie.title,
      runningMinutes: movie.runningMinutes,
      screenings: screenings.map((s) => ({ id: s.id, startsAt: s.startsAt, hall: s.hall, price: s.price })),
    }));
  }

  @Get('screenings/:id/seats')
  @ApiOperation({ summary: "A screening's seat map: every seat with whether it is free" })
  @ApiOkResponse({ type: SeatMapView, description: 'Rows of seats, each { seat, free }.' })
  @ApiNotFoundResponse({ description: 'No such screening (SCREENING_NOT_FOUND).' })
  async seats(@Param('id') id: string): Promise<SeatMapView> {
    const { screening, movie } = await this.catalog.screening(id);
    const taken = new Set(await this.transactions.runStatement((manager) => this.bookings.takenSeats(manager, id)));
    const seats = seatsOf(screening);
    const rows = Array.from({ length: screening.rows }, (_, index) =>
      seats.slice(index * screening.seatsPerRow, (index + 1) * screening.seatsPerRow).map((seat) => ({ seat, free: !taken.has(seat) })),
    );
    return {
      screeningId: id,
      movieName: movie.name,
      startsAt: screening.startsAt,
      hall: screening.hall,
      price: screening.price,
      free: seats.length - taken.size,
      taken: [...taken].sort(),
      rows: rows.map((row, index) => ({ row: index + 1, seats: row })),
    };
  }
}
