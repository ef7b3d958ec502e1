import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexProcessedEventAge1796024554149 implements MigrationInterface {
  name = 'IndexProcessedEventAge1796024554149';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX `ix_processed_event_processed` ON `processed_event` (`processedAt`)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_processed_event_processed` ON `processed_event`');
  }
}
