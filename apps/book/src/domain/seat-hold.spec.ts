import { SeatHold } from './seat-hold';

const at = (ms: number) => new Date(Date.UTC(2030, 0, 1) + ms);
const start = () =>
  SeatHold.start({ id: 'h1', customerId: 'alice', movieName: 'soul', screeningId: 'soul-1', seats: ['1A'], totalPrice: 5000 }, 1000, at(0));

describe('SeatHold', () => {
  it('is held until it expires, then expired', () => {
    const hold = start();
    expect(hold.status(at(999))).toBe('held');
    expect(hold.status(at(1000))).toBe('expired');
  });

  it('is extended once, when the first booking starts paying for it', () => {
    const hold = start();
    hold.startBooking('b1', 1000, at(500));
    expect(hold.expiresAt).toBe(at(1500).toISOString());
    expect(hold.status(at(2000))).toBe('booking');
    const again = SeatHold.restore({ ...hold.snapshot(), bookingId: null });
    again.startBooking('b2', 1000, at(1200));
    expect(again.expiresAt).toBe(at(1500).toISOString());
  });

  it('refuses a booking once expired or released, and while another booking pays for it', () => {
    expect(() => start().startBooking('b1', 1000, at(1000))).toThrow(expect.objectContaining({ code: 'HOLD_EXPIRED' }));
    const released = start();
    released.release();
    expect(() => released.startBooking('b1', 1000, at(10))).toThrow(expect.objectContaining({ code: 'HOLD_EXPIRED' }));
    const paying = start();
    paying.startBooking('b1', 1000, at(10));
    expect(() => paying.startBooking('b2', 1000, at(20))).toThrow(expect.objectContaining({ code: 'HOLD_IN_USE' }));
    expect(() => paying.release()).toThrow(expect.objectContaining({ code: 'HOLD_IN_USE' }));
  });
});
