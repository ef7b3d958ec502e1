import { ApiProperty } from '@nestjs/swagger';

export class ScreeningView {
  @ApiProperty({ example: 'soul-1' }) id: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ example: 'Hall 1' }) hall: string;
  @ApiProperty({ example: 5000, description: 'Price of one seat.' }) price: number;
}

/** `GET /movies`: a movie with its screenings, earliest first. */
export class MovieView {
  @ApiProperty({ example: 'soul' }) id: string;
  @ApiProperty({ example: 'soul', description: 'What movieName names in POST /books and POST /holds.' }) name: string;
  @ApiProperty({ example: 'Soul' }) title: string;
  @ApiProperty({ example: 100 }) runningMinutes: number;
  @ApiProperty({ type: [ScreeningView] }) screenings: ScreeningView[];
}

export class SeatView {
  @ApiProperty({ example: '1A' }) seat: string;
  @ApiProperty({ description: 'Neither sold nor held.' }) free: boolean;
}

export class SeatRowView {
  @ApiProperty({ example: 1 }) row: number;
  @ApiProperty({ type: [SeatView] }) seats: SeatView[];
}

/** `GET /screenings/:id/seats`: every seat of the screening's hall with whether it is free. */
export class SeatMapView {
  @ApiProperty({ example: 'soul-1' }) screeningId: string;
  @ApiProperty({ example: 'soul' }) movieName: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ example: 'Hall 1' }) hall: string;
  @ApiProperty({ example: 5000, description: 'Price of one seat.' }) price: number;
  @ApiProperty({ example: 118, description: 'How many seats are free.' }) free: number;
  @ApiProperty({ type: [String], example: ['1A', '2B'], description: 'Seats sold or held, sorted.' }) taken: string[];
  @ApiProperty({ type: [SeatRowView] }) rows: SeatRowView[];
}
