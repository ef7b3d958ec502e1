import { Injectable, OnModuleInit } from '@nestjs/common';
import { isUniqueViolation, TransactionRunner } from '@movie/persistence';
import { ScreeningNotFound, UnknownMovie } from '../domain/book.errors';
import { MovieOrm, ScreeningOrm } from './catalog.orm-entities';
import { seedCatalog } from './catalog.seed';

export interface ScreeningChoice {
  movieName?: string;
  screeningId?: string;
}

/** Movies and screenings change rarely; book reads them from its own tables. */
@Injectable()
export class CatalogService implements OnModuleInit {
  private readonly screenings = new Map<string, { screening: ScreeningOrm; movie: MovieOrm }>();

  constructor(private readonly transactions: TransactionRunner) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.transactions.run((manager) => seedCatalog(manager));
    } catch (error) {
      // Two replicas seeding at once: the other one won, which is just as good.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async movies(): Promise<{ movie: MovieOrm; screenings: ScreeningOrm[] }[]> {
    const [movies, screenings] = await this.transactions.runStatement((manager) =>
      Promise.all([manager.find(MovieOrm, { order: { name: 'ASC' } }), manager.find(ScreeningOrm, { order: { startsAt: 'ASC', id: 'ASC' } })]),
    );
    return movies.map((movie) => ({ movie, screenings: screenings.filter((s) => s.movieId === movie.id) }));
  }

  async screening(id: string): Promise<{ screening: ScreeningOrm; movie: MovieOrm }> {
    const cached = this.screenings.get(id);
    if (cached) return cached;
    const entry = await this.transactions.runStatement(async (manager) => {
      const screening = await manager.findOneBy(ScreeningOrm, { id });
      if (!screening) throw new ScreeningNotFound(id);
      return { screening, movie: await manager.findOneByOrFail(MovieOrm, { id: screening.movieId }) };
    });
    this.screenings.set(id, entry);
    return entry;
  }

  /** The screening a booking asks for: the one named, or the movie's first one. */
  async choose(choice: ScreeningChoice): Promise<{ screening: ScreeningOrm; movie: MovieOrm }> {
    if (choice.screeningId) {
      const found = await this.screening(choice.screeningId).catch(() => undefined);
      if (!found) throw new UnknownMovie(`screening "${choice.screeningId}"`);
      if (choice.movieName && found.movie.name !== choice.movieName.toLowerCase()) {
        throw new UnknownMovie(`movie "${choice.movieName}" in screening "${choice.screeningId}"`);
      }
      return found;
    }
    if (!choice.movieName) throw new UnknownMovie('a booking without movieName or screeningId');
    const name = choice.movieName.trim().toLowerCase();
    const first = await this.transactions.runStatement(async (manager) => {
      const movie = await manager.findOneBy(MovieOrm, { name });
      if (!movie) throw new UnknownMovie(`movie "${choice.movieName}"`);
      return manager.findOne(ScreeningOrm, { where: { movieId: movie.id }, order: { startsAt: 'ASC', id: 'ASC' } });
    });
    if (!first) throw new UnknownMovie(`movie "${choice.movieName}" (no screening)`);
    return this.screening(first.id);
  }
}
