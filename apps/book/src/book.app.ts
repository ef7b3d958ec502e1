import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { BookConfig } from './book.config';
import { BookModule } from './book.module';

/** The configured app, not yet listening, so tests and the embedded launcher can start it their way. */
export async function createBookApp(
  config: BookConfig,
  logger: LoggerService = new JsonLogger('book', config.logLevel),
): Promise<NestFastifyApplication> {
  return createHttpApp(BookModule.register(config), {
    service: 'book',
    logger,
    docs: { title: 'Book', description: 'Movies, seat maps and bookings: book and pay in one request, cancel before printing.' },
  });
}
