import { MigrationInterface, QueryRunner } from 'typeorm';

export class Baseline1796021882187 implements MigrationInterface {
  name = 'Baseline1796021882187';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `processed_event` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `consumer` varchar(80) NOT NULL, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `processedAt` varchar(30) NOT NULL, UNIQUE INDEX `uq_processed_event_consumer_event` (`consumer`, `eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `outbox_message` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `message_key` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `body` text NOT NULL, `createdAt` varchar(30) NOT NULL, `sentAt` varchar(30) NULL, `attempts` int NOT NULL DEFAULT \'0\', `traceParent` varchar(64) NULL, INDEX `ix_outbox_unsent` (`sentAt`, `seq`), UNIQUE INDEX `IDX_d7905153c6a53a23430d60226b` (`eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `ticket` (`id` varchar(36) NOT NULL, `bookingId` varchar(36) NOT NULL, `customerId` varchar(120) NOT NULL, `movieName` varchar(200) NULL, `startsAt` varchar(30) NULL, `seats` text NOT NULL, `status` varchar(12) NOT NULL, `issuedAt` varchar(30) NULL, `printedAt` varchar(30) NULL, `voidedAt` varchar(30) NULL, `updatedAt` varchar(30) NOT NULL, UNIQUE INDEX `IDX_1c37434449c76d1725b3d4d6c8` (`bookingId`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `IDX_1c37434449c76d1725b3d4d6c8` ON `ticket`');
    await queryRunner.query('DROP TABLE `ticket`');
    await queryRunner.query('DROP INDEX `IDX_d7905153c6a53a23430d60226b` ON `outbox_message`');
    await queryRunner.query('DROP INDEX `ix_outbox_unsent` ON `outbox_message`');
    await queryRunner.query('DROP TABLE `outbox_message`');
    await queryRunner.query('DROP INDEX `uq_processed_event_consumer_event` ON `processed_event`');
    await queryRunner.query('DROP TABLE `processed_event`');
  }
}
