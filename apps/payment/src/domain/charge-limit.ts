import { PaymentDeclined } from './payment.errors';

/**
 * Stands in for a card processor's decision: a charge above the limit is declined, anything
 * else is approved. Deterministic, so tests and experiments can provoke a decline on purpose.
 */
export class ChargeLimit {
  constructor(readonly maxAmount: number) {}

  approveOrDecline(amount: number): void {
    if (amount > this.maxAmount) {
      throw new PaymentDeclined(`a charge of ${amount} is above the limit of ${this.maxAmount} and was declined`);
    }
  }
}
