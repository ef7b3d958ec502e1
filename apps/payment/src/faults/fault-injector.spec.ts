import { PaymentUnavailable } from '../domain/payment.errors';
import { FaultInjector } from './fault-injector';
import { noFaults } from './fault-settings';

describe('FaultInjector', () => {
  it('lets every charge through by default', async () => {
    await expect(new FaultInjector(noFaults, () => 0).beforeCharge()).resolves.toBeUndefined();
  });

  it('fails a charge whose roll falls under the failure rate', async () => {
    const faults = new FaultInjector({ delay: null, failureRate: 0.3 }, () => 0.29);
    await expect(faults.beforeCharge()).rejects.toThrow(PaymentUnavailable);
  });

  it('lets a charge through whose roll falls at or over the failure rate', async () => {
    const faults = new FaultInjector({ delay: null, failureRate: 0.3 }, () => 0.3);
    await expect(faults.beforeCharge()).resolves.toBeUndefined();
  });

  it('changes only the settings it is given', () => {
    const faults = new FaultInjector({ delay: { min: 1, max: 2 }, failureRate: 0 });
    expect(faults.change({ failureRate: 0.5 })).toEqual({ delay: { min: 1, max: 2 }, failureRate: 0.5 });
  });
});
