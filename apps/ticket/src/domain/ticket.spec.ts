import { Ticket } from './ticket';

const issued = () =>
  Ticket.issue(
    { id: 't-1', bookingId: 'b-1', customerId: 'customer-1', movieName: 'soul', startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A'] },
    new Date('2026-05-01T10:00:00.000Z'),
  );

describe('Ticket', () => {
  it('is issued waiting, with the time it was issued', () => {
    expect(issued().snapshot()).toMatchObject({ status: 'WAITING', issuedAt: '2026-05-01T10:00:00.000Z', printedAt: null, voidedAt: null });
  });

  it('prints a waiting ticket and records when', () => {
    const ticket = issued();
    expect(ticket.print(new Date('2026-05-02T19:00:00.000Z'))).toBe(true);
    expect(ticket.snapshot()).toMatchObject({ status: 'PRINTED', printedAt: '2026-05-02T19:00:00.000Z' });
  });

  it('changes nothing when a printed ticket is printed again', () => {
    const ticket = issued();
    ticket.print(new Date('2026-05-02T19:00:00.000Z'));
    expect(ticket.print(new Date('2026-05-02T19:05:00.000Z'))).toBe(false);
    expect(ticket.snapshot().printedAt).toBe('2026-05-02T19:00:00.000Z');
  });

  it('refuses to print a voided ticket', () => {
    const ticket = issued();
    ticket.void();
    expect(() => ticket.print()).toThrow(expect.objectContaining({ code: 'TICKET_VOIDED', kind: 'conflict' }));
  });

  it('says a printed ticket needs no second print before book is asked', () => {
    const ticket = issued();
    expect(ticket.checkPrintable()).toEqual({ alreadyPrinted: false });
    ticket.print();
    expect(ticket.checkPrintable()).toEqual({ alreadyPrinted: true });
  });

  it('voids a waiting ticket and records when', () => {
    const ticket = issued();
    expect(ticket.void(new Date('2026-05-01T11:00:00.000Z'))).toBe(true);
    expect(ticket.snapshot()).toMatchObject({ status: 'VOIDED', voidedAt: '2026-05-01T11:00:00.000Z' });
  });

  it('changes nothing when a voided ticket is voided again', () => {
    const ticket = issued();
    ticket.void(new Date('2026-05-01T11:00:00.000Z'));
    expect(ticket.void(new Date('2026-05-01T12:00:00.000Z'))).toBe(false);
    expect(ticket.snapshot().voidedAt).toBe('2026-05-01T11:00:00.000Z');
  });

  it('refuses to void a printed ticket', () => {
    const ticket = issued();
    ticket.print();
    expect(() => ticket.void()).toThrow(expect.objectContaining({ code: 'TICKET_ALREADY_PRINTED' }));
  });

  it('stands in voided for a booking cancelled before its ticket was issued', () => {
    const ticket = Ticket.voidedBeforeIssue({ id: 't-2', bookingId: 'b-2', customerId: 'customer-1', seats: ['3C'] });
    expect(ticket.snapshot()).toMatchObject({ status: 'VOIDED', issuedAt: null, movieName: null });
    expect(() => ticket.print()).toThrow(expect.objectContaining({ code: 'TICKET_VOIDED' }));
  });

  it('keeps its seats to itself', () => {
    const ticket = issued();
    ticket.snapshot().seats.push('9Z');
    expect(ticket.snapshot().seats).toEqual(['1A']);
  });
});
