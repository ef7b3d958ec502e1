import { ChargeLimit } from './charge-limit';
import { PaymentDeclined } from './payment.errors';

describe('ChargeLimit', () => {
  const limit = new ChargeLimit(1000);

  it('approves a charge up to the limit', () => {
    expect(() => limit.approveOrDecline(1000)).not.toThrow();
  });

  it('declines a charge above the limit', () => {
    expect(() => limit.approveOrDecline(1001)).toThrow(PaymentDeclined);
  });
});
