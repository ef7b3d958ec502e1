import { LoggerService } from '@nestjs/common';
import { currentTraceId } from '../tracing/trace-context';
import { currentBookingId, currentRequestId, currentService } from './request-context';

const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof levels)[number];

/**
 * One JSON object per line on stdout, with the service name, the request id, and where
 * known the trace id and the booking id, so one grep follows a booking across services.
 */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.threshold = levels.indexOf(level);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (levels.indexOf(level) > this.threshold) return;
    // Nest passes the context (class name) last; an error's stack comes before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      service: currentService() ?? this.service,
      context,
      requestId: currentRequestId(),
      traceId: currentTraceId(),
      bookingId: currentBookingId(),
    };
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    if (rest.length > 0 && typeof rest[0] === 'string' && level === 'error') entry.stack = rest[0];
    this.write(JSON.stringify(entry) + '\n');
  }
}
