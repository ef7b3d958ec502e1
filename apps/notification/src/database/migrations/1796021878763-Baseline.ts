import { MigrationInterface, QueryRunner } from 'typeorm';

export class Baseline1796021878763 implements MigrationInterface {
  name = 'Baseline1796021878763';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `processed_event` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `consumer` varchar(80) NOT NULL, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `processedAt` varchar(30) NOT NULL, UNIQUE INDEX `uq_processed_event_consumer_event` (`consumer`, `eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `outbox_message` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `message_key` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `body` text NOT NULL, `createdAt` varchar(30) NOT NULL, `sentAt` varchar(30) NULL, `attempts` int NOT NULL DEFAULT \'0\', `traceParent` varchar(64) NULL, INDEX `ix_outbox_unsent` (`sentAt`, `seq`), UNIQUE INDEX `IDX_d7905153c6a53a23430d60226b` (`eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `notification` (`id` varchar(36) NOT NULL, `eventId` varchar(36) NOT NULL, `eventType` varchar(80) NOT NULL, `bookingId` varchar(36) NOT NULL, `customerId` varchar(120) NOT NULL, `kind` varchar(30) NOT NULL, `status` int NULL, `message` varchar(500) NOT NULL, `occurredAt` varchar(30) NOT NULL, `recordedAt` varchar(30) NOT NULL, UNIQUE INDEX `uq_notification_event` (`eventId`), INDEX `ix_notification_customer` (`customerId`, `occurredAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `webhook_attempt` (`deliveryId` varchar(36) NOT NULL, `attempt` int NOT NULL, `attemptedAt` varchar(30) NOT NULL, `outcome` varchar(12) NOT NULL, `statusCode` int NULL, `error` varchar(500) NULL, PRIMARY KEY (`deliveryId`, `attempt`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `webhook_delivery` (`id` varchar(36) NOT NULL, `notificationId` varchar(36) NOT NULL, `url` varchar(2000) NOT NULL, `body` text NOT NULL, `state` varchar(12) NOT NULL, `attempts` int NOT NULL, `nextAttemptAt` varchar(30) NOT NULL, `lastError` varchar(500) NULL, `createdAt` varchar(30) NOT NULL, `deliveredAt` varchar(30) NULL, UNIQUE INDEX `uq_webhook_delivery_notification` (`notificationId`), INDEX `ix_webhook_delivery_due` (`state`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_webhook_delivery_due` ON `webhook_delivery`');
    await queryRunner.query('DROP INDEX `uq_webhook_delivery_notification` ON `webhook_delivery`');
    await queryRunner.query('DROP TABLE `webhook_delivery`');
    await queryRunner.query('DROP TABLE `webhook_attempt`');
    await queryRunner.query('DROP INDEX `ix_notification_customer` ON `notification`');
    await queryRunner.query('DROP INDEX `uq_notification_event` ON `notification`');
    await queryRunner.query('DROP TABLE `notification`');
    await queryRunner.query('DROP INDEX `IDX_d7905153c6a53a23430d60226b` ON `outbox_message`');
    await queryRunner.query('DROP INDEX `ix_outbox_unsent` ON `outbox_message`');
    await queryRunner.query('DROP TABLE `outbox_message`');
    await queryRunner.query('DROP INDEX `uq_processed_event_consumer_event` ON `processed_event`');
    await queryRunner.query('DROP TABLE `processed_event`');
  }
}
