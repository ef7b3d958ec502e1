import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('ticket')
export class TicketOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  /** The unique key makes "one ticket per booking" hold even against a duplicated confirmation. */
  @Column({ type: 'varchar', length: 36, unique: true }) bookingId: string;
  @Column({ type: 'varchar', length: 120 }) customerId: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) movieName: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) startsAt: string | null;
  @Column({ type: 'simple-json' }) seats: string[];
  @Column({ type: 'varchar', length: 12 }) status: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) issuedAt: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) printedAt: string | null;
  @Column({ type: 'varchar', length: 30, nullable: true }) voidedAt: string | null;
  @Column({ type: 'varchar', length: 30 }) updatedAt: string;
}
