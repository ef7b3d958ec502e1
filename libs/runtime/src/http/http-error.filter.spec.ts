import { ArgumentsHost, LoggerService } from '@nestjs/common';
import { HttpErrorFilter } from './http-error.filter';

function httpHost(destroyed: boolean) {
  const reply = { raw: { destroyed }, status: jest.fn(), header: jest.fn(), send: jest.fn() };
  reply.status.mockReturnValue(reply);
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { host, reply };
}

describe('HttpErrorFilter', () => {
  const logger = { error: jest.fn(), debug: jest.fn(), log: jest.fn(), warn: jest.fn() } satisfies LoggerService;
  const filter = new HttpErrorFilter(logger);
  beforeEach(() => jest.clearAllMocks());

  it('answers an unexpected error with a 500 and logs it as an error', () => {
    const { host, reply } = httpHost(false);

    filter.catch(new Error('SELECT * FROM secret'), host);

    expect(reply.status).toHaveBeenCalledWith(500);
    expect(reply.send).toHaveBeenCalledWith(expect.objectContaining({ message: 'Internal server error' }));
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('neither answers nor logs an error when the client closed its connection first', () => {
    const { host, reply } = httpHost(true);
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });

    filter.catch(aborted, host);

    expect(reply.send).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.debug).toHaveBeenCalledWith(expect.stringContaining('client closed the request'), 'HttpErrorFilter');
  });
});
