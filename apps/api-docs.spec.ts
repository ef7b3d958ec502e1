import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ForbiddenException, HttpException, HttpStatus, ParseUUIDPipe, RequestMethod, Type, UnauthorizedException, UnprocessableEntityException,
} from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DomainError } from '@movie/ddd';
import { ServiceTokenGuard, statusOfKind } from '@movie/runtime';
import * as book from './book/src/domain/book.errors';
import { IdempotencyInProgress, InvalidIdempotencyKey } from './book/src/idempotency/idempotency.errors';
import * as mypage from './mypage/src/domain/mypage.errors';
import * as notification from './notification/src/domain/notification.errors';
import * as payment from './payment/src/domain/payment.errors';
import * as ticket from './ticket/src/domain/ticket.errors';

/**
 * What each route can answer besides its success and the 400s its pipes give: the errors its use
 * case throws (a domain error's status comes from its kind, as the error filter maps it), the
 * framework exceptions it raises, and any second success status. Listed from the services, not
 * from the decorators: a decorator that leaves an answer out, names a status nothing answers with,
 * or does not name the code of an error fails here, and so does a route without an entry.
 */
type Answer = DomainError | HttpException | number;

const idempotent = [new InvalidIdempotencyKey(), new IdempotencyInProgress(), reused()];
const seatsRequest = [
  new book.InvalidBookingRequest('INVALID_CUSTOMER_ID', ''), new book.UnknownMovie('x'), new book.InvalidBookingRequest('INVALID_SEATS', ''),
  new book.InvalidBookingRequest('PRICE_MISMATCH', ''), new book.SeatAlreadyTaken(['1A']),
];

const answers: Record<string, Record<string, Answer[]>> = {
  book: {
    'GET /movies': [],
    'GET /screenings/{id}/seats': [new book.ScreeningNotFound('x')],
    'POST /books': [
      ...seatsRequest, ...idempotent, new book.HoldNotFound('x'), new book.InvalidBookingRequest('HOLD_MISMATCH', ''),
      new book.HoldExpired('x', 'expired'), new book.HoldInUse('x', 'booking'), new book.PaymentDeclined('x'),
      new book.PaymentUnavailable(1, 'x'), new book.PaymentOutcomeUnknown(1, 'x'),
    ],
    'POST /holds': [...seatsRequest, ...idempotent],
    'GET /holds/{id}': [new book.HoldNotFound('x')],
    'DELETE /holds/{id}': [new book.HoldNotFound('x'), new book.HoldInUse('x', 'booking')],
    'GET /books': [new book.InvalidBookingRequest('CUSTOMER_REQUIRED', '')],
    'GET /books/{id}': [new book.BookingNotFound('x')],
    'DELETE /books/{id}': [
      ...idempotent, new book.BookingNotFound('x'), new book.BookingStateConflict('TICKET_ALREADY_PRINTED', ''),
      new book.BookingStateConflict('BOOKING_STATE_CONFLICT', ''),
    ],
    'POST /internal/books/{id}/ticket-printed': [
      new book.BookingNotFound('x'), new book.BookingStateConflict('BOOKING_CANCELLED', ''), new book.BookingStateConflict('BOOKING_STATE_CONFLICT', ''),
    ],
  },
  gateway: {
    'POST /auth/login': [new UnauthorizedException({ code: 'INVALID_CREDENTIALS' }), rateLimited()],
    'POST /auth/refresh': [new UnauthorizedException({ code: 'TOKEN_EXPIRED' }), new UnauthorizedException({ code: 'INVALID_TOKEN' }), rateLimited()],
  },
  mypage: {
    'GET /mypages': [new mypage.CustomerRequired(), new ForbiddenException({ code: 'NOT_YOUR_BOOKINGS' })],
    'GET /mypages/{bookingId}': [new mypage.MyBookingNotFound('x')],
    'POST /mypages/rebuild': [
      new ForbiddenException({ code: 'ADMIN_ONLY' }), new ForbiddenException({ code: 'ADMIN_DISABLED' }),
      new mypage.RebuildInProgress(), new mypage.EventLogIncomplete(1, 1),
    ],
  },
  notification: {
    'GET /notifications': [new notification.CustomerRequired()],
    'GET /notifications/stream': [new notification.CustomerRequired()],
  },
  payment: {
    'POST /payments': [
      HttpStatus.OK, new payment.InvalidPayment('x'), new payment.PaymentDeclined('x'), new payment.BookingVoided('x'),
      new payment.PaymentAlreadyRefunded('x'), new payment.PaymentMismatch('x'), new payment.PaymentUnavailable(),
    ],
    'POST /payments/voids': [],
    'GET /payments': [new payment.PaymentNotFound('x')],
    'GET /payments/{paymentId}': [new payment.PaymentNotFound('x')],
    'GET /internal/faults': [],
    'PUT /internal/faults': [],
  },
  ticket: {
    'PATCH /tickets/{id}': [
      new ticket.TicketNotFound('x'), new ticket.TicketVoided('x'), new ticket.BookingCancelled(),
      // What book refuses a print with, passed on (ticket's book client).
      new ticket.BookingNotPrintable('BOOKING_STATE_CONFLICT', ''), new ticket.BookingNotPrintable('BOOKING_NOT_FOUND', ''),
      new ticket.BookUnavailable(1, 'x'),
    ],
    'GET /tickets/{id}': [new ticket.TicketNotFound('x')],
    'GET /tickets': [],
  },
};

function reused(): HttpException {
  return new UnprocessableEntityException({ code: 'IDEMPOTENCY_KEY_REUSED' });
}

function rateLimited(): HttpException {
  return new HttpException({ code: 'RATE_LIMITED' }, HttpStatus.TOO_MANY_REQUESTS);
}

interface Expected {
  status: number;
  code?: string;
}

const expectedOf = (answer: Answer): Expected => {
  if (typeof answer === 'number') return { status: answer };
  if (answer instanceof HttpException) return { status: answer.getStatus(), code: (answer.getResponse() as { code?: string }).code };
  return { status: statusOfKind[answer.kind], code: answer.code };
};

/** Every exported controller class in the app's *.http.controller.ts files. */
async function controllersOf(app: string): Promise<Type[]> {
  const files = readdirSync(join(__dirname, app, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.http.controller.ts'));
  const modules = await Promise.all(files.map((file) => import(join(__dirname, app, 'src', file)) as Promise<Record<string, unknown>>));
  return modules.flatMap((exports) => Object.values(exports))
    .filter((value): value is Type => typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value));
}

async function documentOf(controllers: Type[]): Promise<OpenAPIObject> {
  const module = await Test.createTestingModule({ controllers }).useMocker(() => ({})).compile();
  const app = module.createNestApplication(new FastifyAdapter(), { logger: false });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}

interface Route {
  route: string;
  controller: Type;
  handler: string;
  documented: Record<string, { description?: string; content?: unknown }>;
}

function routesOf(document: OpenAPIObject, controllers: Type[]): Route[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { operationId: string; responses: Route['documented'] }>).map(([method, operation]) => {
      // Nest names an operation <Controller>_<handler>.
      const [name, handler] = operation.operationId.split('_');
      const controller = controllers.find((candidate) => candidate.name === name)!;
      return { route: `${method.toUpperCase()} ${path}`, controller, handler, documented: operation.responses };
    }));
}

/** What the route answers whatever its use case does: its success, its pipes' 400, its guard's 403. */
function frameworkAnswers({ controller, handler }: Route): Expected[] {
  const method = controller.prototype[handler] as object;
  const post = Reflect.getMetadata(METHOD_METADATA, method) === RequestMethod.POST;
  const success: number = Reflect.getMetadata(HTTP_CODE_METADATA, method) ?? (post ? HttpStatus.CREATED : HttpStatus.OK);
  const args = Object.entries(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as [string, { index: number; pipes: unknown[] }][];
  const types = Reflect.getMetadata('design:paramtypes', controller.prototype, handler) as unknown[];
  const validated = args.some(([key, { index, pipes }]) =>
    pipes.some((pipe) => pipe instanceof ParseUUIDPipe) ||
    // The global validation pipe checks a body or query that is a class (a DTO), and refuses unknown fields.
    ([RouteParamtypes.BODY, RouteParamtypes.QUERY].includes(Number(key.split(':')[0])) && ![String, Number, Boolean, Object].includes(types[index] as never)));
  const guards = [...(Reflect.getMetadata(GUARDS_METADATA, controller) ?? []), ...(Reflect.getMetadata(GUARDS_METADATA, method) ?? [])];
  return [
    { status: success },
    ...(validated ? [{ status: HttpStatus.BAD_REQUEST }] : []),
    ...(guards.includes(ServiceTokenGuard) ? [{ status: HttpStatus.FORBIDDEN, code: 'SERVICE_ONLY' }] : []),
  ];
}

describe.each(Object.keys(answers))("%s's OpenAPI document", (app) => {
  let controllers: Type[];
  let routes: Route[];

  beforeAll(async () => {
    controllers = await controllersOf(app);
    routes = routesOf(await documentOf(controllers), controllers);
  });

  it('has exactly the routes whose answers are listed here', () => {
    expect(routes.map(({ route }) => route).sort()).toEqual(Object.keys(answers[app]).sort());
  });

  it.each(Object.keys(answers[app]))('documents every status %s answers with, and no other', (name) => {
    const route = routes.find((candidate) => candidate.route === name)!;
    const expected = [...frameworkAnswers(route), ...answers[app][name].map(expectedOf)].map(({ status }) => String(status));
    expect(Object.keys(route.documented).sort()).toEqual([...new Set(expected)].sort());
  });

  it.each(Object.keys(answers[app]))('documents the body %s answers with on success', (name) => {
    const route = routes.find((candidate) => candidate.route === name)!;
    const [{ status }] = frameworkAnswers(route);
    expect(route.documented[status]?.content).toBeDefined();
  });

  it.each(Object.keys(answers[app]))('names the code of every error %s answers with', (name) => {
    const route = routes.find((candidate) => candidate.route === name)!;
    const unnamed = [...frameworkAnswers(route), ...answers[app][name].map(expectedOf)]
      .filter(({ status, code }) => code !== undefined && !route.documented[status]?.description?.includes(code))
      .map(({ status, code }) => `${status} ${code}`);
    expect(unnamed).toEqual([]);
  });
});
