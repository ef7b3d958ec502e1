import { EntityManager } from 'typeorm';
import { MovieOrm, ScreeningOrm } from './catalog.orm-entities';

interface SeedMovie {
  id: string;
  name: string;
  title: string;
  runningMinutes: number;
  price: number;
}

/** Sample programme. `soul` at 5000 a seat is the movie of the original system's requests. */
const movies: SeedMovie[] = [
  { id: 'soul', name: 'soul', title: 'Soul', runningMinutes: 100, price: 5000 },
  { id: 'inception', name: 'inception', title: 'Inception', runningMinutes: 148, price: 7000 },
  { id: 'parasite', name: 'parasite', title: 'Parasite', runningMinutes: 132, price: 6000 },
];

const SHOWS_PER_MOVIE = 3;
const HALL = { rows: 10, seatsPerRow: 12 };

/** Screenings start on fixed future dates so ids and times are the same on every machine. */
export function seedScreenings(): ScreeningOrm[] {
  return movies.flatMap((movie, movieIndex) =>
    Array.from({ length: SHOWS_PER_MOVIE }, (_, show) => ({
      id: `${movie.id}-${show + 1}`,
      movieId: movie.id,
      startsAt: new Date(Date.UTC(2030, 0, 1 + show, 10 + movieIndex * 3)).toISOString(),
      hall: `Hall ${movieIndex + 1}`,
      rows: HALL.rows,
      seatsPerRow: HALL.seatsPerRow,
      price: movie.price,
    })),
  );
}

/** Inserts the sample catalog once; rows already there are left as they are. */
export async function seedCatalog(manager: EntityManager): Promise<void> {
  if ((await manager.count(MovieOrm)) > 0) return;
  await manager.insert(
    MovieOrm,
    movies.map(({ price: _price, ...movie }) => movie),
  );
  await manager.insert(ScreeningOrm, seedScreenings());
}
