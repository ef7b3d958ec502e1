import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('movie')
export class MovieOrm {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Index('uq_movie_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column({ type: 'int' }) runningMinutes: number;
}

@Entity('screening')
@Index('ix_screening_movie', ['movieId', 'startsAt'])
export class ScreeningOrm {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @Column({ type: 'varchar', length: 64 }) movieId: string;
  @Column({ type: 'varchar', length: 30 }) startsAt: string;
  @Column({ type: 'varchar', length: 40 }) hall: string;
  @Column({ type: 'int' }) rows: number;
  @Column({ type: 'int' }) seatsPerRow: number;
  /** Price of one seat, in won. */
  @Column({ type: 'int' }) price: number;
}
