import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '@movie/persistence';
import { Payment, PaymentStatus } from '../domain/payment';
import { PaymentMapper } from './payment.mapper';
import { PaymentOrm } from './payment.orm-entity';

/** Payments by id or booking, always through the caller's manager (and so its transaction, if any). */
@Injectable()
export class PaymentRepository {
  async findById(manager: EntityManager, id: string): Promise<Payment | undefined> {
    const row = await rows.findOne(manager, PaymentOrm, { id });
    return row ? PaymentMapper.toDomain(row) : undefined;
  }

  async findByBooking(manager: EntityManager, bookingId: string): Promise<Payment | undefined> {
    const row = await rows.findOne(manager, PaymentOrm, { bookingId });
    return row ? PaymentMapper.toDomain(row) : undefined;
  }

  /** Fails with a unique violation when the booking already has a row. */
  async insert(manager: EntityManager, payment: Payment): Promise<void> {
    await rows.insert(manager, PaymentOrm, PaymentMapper.toOrm(payment));
  }

  /**
   * Saves a state change only if the row is still in the state it was read in. False means a
   * concurrent change got there first (on MariaDB the read took no lock), and this one must not
   * be saved or announced.
   */
  async saveChange(manager: EntityManager, payment: Payment, readIn: PaymentStatus): Promise<boolean> {
    const { id, bookingId: _bookingId, ...changes } = PaymentMapper.toOrm(payment);
    return (await rows.update(manager, PaymentOrm, { id, status: readIn }, changes)) === 1;
  }
}
