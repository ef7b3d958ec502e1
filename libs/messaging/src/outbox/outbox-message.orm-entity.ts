import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting to leave the service; written in the same transaction as the state change. */
@Entity('outbox_message')
@Index('ix_outbox_unsent', ['sentAt', 'seq'])
export class OutboxMessageOrm {
  /** Insertion order; the relay publishes in this order. */
  // int, not bigint: SQLite autoincrements only an INTEGER PRIMARY KEY. Unsigned on MariaDB: 4.29e9 rows.
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  seq: number;

  @Column({ type: 'varchar', length: 36, unique: true })
  eventId: string;

  @Column({ type: 'varchar', length: 120 })
  topic: string;

  @Column({ type: 'varchar', length: 120, name: 'message_key' })
  key: string;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  /** The whole envelope as JSON. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** W3C `traceparent` of the work that recorded the event; the relay passes it on in the message headers. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  traceParent: string | null;
}
