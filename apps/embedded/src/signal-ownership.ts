import { ShutdownSignal } from '@nestjs/common';

const signals = Object.values(ShutdownSignal) as NodeJS.Signals[];

/**
 * Runs `create` and removes the signal listeners it added. Each app enables Nest's shutdown
 * hooks for a process of its own; here several apps share one process and must close in
 * order, so the launcher answers the signals instead.
 */
export async function withoutSignalListeners<T>(create: () => Promise<T>): Promise<T> {
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await create();
  } finally {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}
