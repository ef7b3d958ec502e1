import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { armShutdownCeiling, ShutdownSignals } from './run-app-process';

/** Signals the test raises itself, and the exits they led to. */
class Signals extends EventEmitter implements ShutdownSignals {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe('armShutdownCeiling', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('ends the process with code 1 when a close after SIGTERM takes longer than the ceiling', () => {
    const signals = new Signals();
    armShutdownCeiling(20_000, signals);

    signals.emit('SIGTERM');
    jest.advanceTimersByTime(19_999);
    expect(signals.exits).toEqual([]);
    jest.advanceTimersByTime(1);

    expect(signals.exits).toEqual([1]);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringContaining('did not close within 20000 ms'));
  });

  it('does nothing while no signal came', () => {
    const signals = new Signals();
    armShutdownCeiling(1_000, signals);

    jest.advanceTimersByTime(60_000);

    expect(signals.exits).toEqual([]);
  });
});
