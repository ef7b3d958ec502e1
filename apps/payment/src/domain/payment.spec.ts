import { BookingVoided, InvalidPayment, PaymentAlreadyRefunded, PaymentMismatch } from './payment.errors';
import { Charge, Payment } from './payment';

const charge: Charge = { bookingId: 'b7d3c1a4-0000-4000-8000-000000000001', customerId: 'customer-1', amount: 26000 };
const approvedAt = new Date('2026-05-01T10:00:00.000Z');
const refundedAt = new Date('2026-05-01T11:00:00.000Z');
const approved = () => Payment.approve('payment-1', charge, approvedAt);

describe('Payment', () => {
  it('is approved with the charge it was asked for', () => {
    expect(approved().approvedFact()).toEqual({
      paymentId: 'payment-1', bookingId: charge.bookingId, customerId: 'customer-1', amount: 26000,
      approvedAt: '2026-05-01T10:00:00.000Z',
    });
  });

  it.each([-1, 1.5, Number.NaN])('refuses to approve an amount of %p', (amount) => {
    expect(() => Payment.approve('p', { ...charge, amount }, approvedAt)).toThrow(InvalidPayment);
  });

  it('refuses to approve a charge without a customer', () => {
    expect(() => Payment.approve('p', { ...charge, customerId: ' ' }, approvedAt)).toThrow(InvalidPayment);
  });

  it('accepts the same charge again for an approved payment', () => {
    expect(() => approved().acceptRepeat({ ...charge })).not.toThrow();
  });

  it('refuses a repeat with another amount', () => {
    expect(() => approved().acceptRepeat({ ...charge, amount: 1 })).toThrow(PaymentMismatch);
  });

  it('refuses a repeat by another customer', () => {
    expect(() => approved().acceptRepeat({ ...charge, customerId: 'customer-2' })).toThrow(PaymentMismatch);
  });

  it('becomes refunded with the time and reason of the refund', () => {
    const payment = approved();
    expect(payment.refund('booking cancelled', refundedAt)).toBe('refunded');
    expect(payment.status).toBe('REFUNDED');
    expect(payment.refundedFact()).toMatchObject({ amount: 26000, reason: 'booking cancelled', refundedAt: '2026-05-01T11:00:00.000Z' });
  });

  it('is refunded only once', () => {
    const payment = approved();
    payment.refund('first', refundedAt);
    expect(payment.refund('second', new Date())).toBe('already_refunded');
    expect(payment.refundedFact()).toMatchObject({ reason: 'first', refundedAt: '2026-05-01T11:00:00.000Z' });
  });

  it('refuses a repeat charge once refunded', () => {
    const payment = approved();
    payment.refund('booking cancelled', refundedAt);
    expect(() => payment.acceptRepeat(charge)).toThrow(PaymentAlreadyRefunded);
  });

  it('has nothing to refund for a voided booking', () => {
    const tombstone = Payment.voidUnpaid('p', charge.bookingId, 'too late', refundedAt);
    expect(tombstone.refund('again', new Date())).toBe('nothing_to_refund');
    expect(tombstone.status).toBe('VOIDED');
    expect(tombstone.wasCharged).toBe(false);
  });

  it('refuses any charge for a voided booking', () => {
    const tombstone = Payment.voidUnpaid('p', charge.bookingId, 'too late', refundedAt);
    expect(() => tombstone.acceptRepeat(charge)).toThrow(BookingVoided);
  });

  it('announces no approval for a voided booking', () => {
    expect(() => Payment.voidUnpaid('p', charge.bookingId, 'too late', refundedAt).approvedFact()).toThrow(/voided/);
  });

  it('keeps its facts through a round trip', () => {
    const payment = approved();
    payment.refund('cancelled', refundedAt);
    expect(Payment.from(payment.toFacts()).toFacts()).toEqual(payment.toFacts());
  });
});
