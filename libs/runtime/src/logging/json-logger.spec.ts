import { JsonLogger } from './json-logger';
import { requestContext } from './request-context';

describe('JsonLogger', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    return { lines, logger: new JsonLogger('gateway', 'log', (line) => lines.push(JSON.parse(line))) };
  };

  it('writes one JSON object per line with the service, the context and the request id', () => {
    const { lines, logger } = capture();
    requestContext.run({ requestId: 'r-1', bookingId: 'b-1' }, () => logger.log('booked', 'BookSeatsService'));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'log', service: 'gateway', context: 'BookSeatsService', requestId: 'r-1', bookingId: 'b-1', msg: 'booked' }),
    ]);
  });

  it("names the app doing the work when apps share one process and one logger (embedded mode)", () => {
    const { lines, logger } = capture();
    requestContext.run({ requestId: 'r-2', service: 'book' }, () => logger.warn('payment breaker is now open', 'PaymentClient'));
    logger.log('outside any request');
    expect(lines.map((line) => line.service)).toEqual(['book', 'gateway']);
  });

  it('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('book', 'warn', (line) => lines.push(line));
    logger.log('chatty');
    logger.warn('worth reading');
    expect(lines).toHaveLength(1);
  });
});
