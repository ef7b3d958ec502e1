import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The inbox: one row per event a consumer has applied, written in the same transaction
 * as the consumer's change, so the unique key turns a redelivery into a no-op.
 */
@Entity('processed_event')
@Unique('uq_processed_event_consumer_event', ['consumer', 'eventId'])
export class ProcessedEventOrm {
  // int, not bigint: SQLite autoincrements only an INTEGER PRIMARY KEY. Unsigned on MariaDB: 4.29e9 rows.
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  seq: number;

  @Column({ type: 'varchar', length: 80 })
  consumer: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 120 })
  topic: string;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  /** Indexed for the pruner, which deletes the rows past the inbox's retention. */
  @Index('ix_processed_event_processed')
  @Column({ type: 'varchar', length: 30 })
  processedAt: string;
}
