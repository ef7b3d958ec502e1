import { MigrationInterface, QueryRunner } from 'typeorm';

export class Baseline1796021877266 implements MigrationInterface {
  name = 'Baseline1796021877266';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `processed_event` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `consumer` varchar(80) NOT NULL, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `processedAt` varchar(30) NOT NULL, UNIQUE INDEX `uq_processed_event_consumer_event` (`consumer`, `eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `outbox_message` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `message_key` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `body` text NOT NULL, `createdAt` varchar(30) NOT NULL, `sentAt` varchar(30) NULL, `attempts` int NOT NULL DEFAULT \'0\', `traceParent` varchar(64) NULL, INDEX `ix_outbox_unsent` (`sentAt`, `seq`), UNIQUE INDEX `IDX_d7905153c6a53a23430d60226b` (`eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `my_booking_history` (`eventId` varchar(36) NOT NULL, `bookingId` varchar(36) NOT NULL, `type` varchar(80) NOT NULL, `occurredAt` varchar(30) NOT NULL, `description` varchar(300) NOT NULL, INDEX `ix_my_booking_history_booking` (`bookingId`, `occurredAt`, `eventId`), PRIMARY KEY (`eventId`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `my_booking` (`bookingId` varchar(36) NOT NULL, `customerId` varchar(120) NULL, `movieName` varchar(200) NULL, `screeningId` varchar(120) NULL, `startsAt` varchar(30) NULL, `seats` text NOT NULL, `qty` int NULL, `totalPrice` int NULL, `status` int NOT NULL, `statusLabel` varchar(40) NOT NULL, `bookedAt` varchar(30) NULL, `cancelledAt` varchar(30) NULL, `paymentState` varchar(12) NOT NULL, `paymentId` varchar(120) NULL, `paidAmount` int NULL, `approvedAt` varchar(30) NULL, `refundedAmount` int NULL, `refundReason` varchar(200) NULL, `refundedAt` varchar(30) NULL, `ticketState` varchar(12) NOT NULL, `ticketId` varchar(120) NULL, `issuedAt` varchar(30) NULL, `printedAt` varchar(30) NULL, `voidedAt` varchar(30) NULL, `createdAt` varchar(30) NULL, `updatedAt` varchar(30) NULL, INDEX `ix_my_booking_customer` (`customerId`, `createdAt`), PRIMARY KEY (`bookingId`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_my_booking_customer` ON `my_booking`');
    await queryRunner.query('DROP TABLE `my_booking`');
    await queryRunner.query('DROP INDEX `ix_my_booking_history_booking` ON `my_booking_history`');
    await queryRunner.query('DROP TABLE `my_booking_history`');
    await queryRunner.query('DROP INDEX `IDX_d7905153c6a53a23430d60226b` ON `outbox_message`');
    await queryRunner.query('DROP INDEX `ix_outbox_unsent` ON `outbox_message`');
    await queryRunner.query('DROP TABLE `outbox_message`');
    await queryRunner.query('DROP INDEX `uq_processed_event_consumer_event` ON `processed_event`');
    await queryRunner.query('DROP TABLE `processed_event`');
  }
}
