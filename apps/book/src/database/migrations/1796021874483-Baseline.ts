import { MigrationInterface, QueryRunner } from 'typeorm';

export class Baseline1796021874483 implements MigrationInterface {
  name = 'Baseline1796021874483';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `processed_event` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `consumer` varchar(80) NOT NULL, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `processedAt` varchar(30) NOT NULL, UNIQUE INDEX `uq_processed_event_consumer_event` (`consumer`, `eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `outbox_message` (`seq` int UNSIGNED NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `topic` varchar(120) NOT NULL, `message_key` varchar(120) NOT NULL, `type` varchar(80) NOT NULL, `body` text NOT NULL, `createdAt` varchar(30) NOT NULL, `sentAt` varchar(30) NULL, `attempts` int NOT NULL DEFAULT \'0\', `traceParent` varchar(64) NULL, INDEX `ix_outbox_unsent` (`sentAt`, `seq`), UNIQUE INDEX `IDX_d7905153c6a53a23430d60226b` (`eventId`), PRIMARY KEY (`seq`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `movie` (`id` varchar(64) NOT NULL, `name` varchar(100) NOT NULL, `title` varchar(200) NOT NULL, `runningMinutes` int NOT NULL, UNIQUE INDEX `uq_movie_name` (`name`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `screening` (`id` varchar(64) NOT NULL, `movieId` varchar(64) NOT NULL, `startsAt` varchar(30) NOT NULL, `hall` varchar(40) NOT NULL, `rows` int NOT NULL, `seatsPerRow` int NOT NULL, `price` int NOT NULL, INDEX `ix_screening_movie` (`movieId`, `startsAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `booking` (`id` varchar(36) NOT NULL, `customerId` varchar(64) NOT NULL, `movieId` varchar(64) NOT NULL, `movieName` varchar(100) NOT NULL, `screeningId` varchar(64) NOT NULL, `startsAt` varchar(30) NOT NULL, `seats` varchar(255) NOT NULL, `totalPrice` int NOT NULL, `status` smallint NOT NULL, `paymentId` varchar(64) NULL, `voidPending` tinyint NOT NULL DEFAULT 0, `createdAt` varchar(30) NOT NULL, `updatedAt` varchar(30) NOT NULL, INDEX `ix_booking_status` (`status`, `createdAt`), INDEX `ix_booking_customer` (`customerId`, `createdAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `seat_reservation` (`screeningId` varchar(64) NOT NULL, `seat` varchar(8) NOT NULL, `bookingId` varchar(36) NULL, `holdId` varchar(36) NULL, `expiresAt` varchar(30) NULL, INDEX `ix_seat_reservation_booking` (`bookingId`), INDEX `ix_seat_reservation_hold` (`holdId`), INDEX `ix_seat_reservation_expiry` (`expiresAt`), PRIMARY KEY (`screeningId`, `seat`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `idempotency_key` (`customerId` varchar(64) NOT NULL, `idempotencyKey` varchar(200) NOT NULL, `requestHash` varchar(64) NOT NULL, `statusCode` int NULL, `responseBody` text NULL, `bookingId` varchar(36) NULL, `createdAt` varchar(30) NOT NULL, INDEX `ix_idempotency_key_created` (`createdAt`), PRIMARY KEY (`customerId`, `idempotencyKey`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `seat_hold` (`id` varchar(36) NOT NULL, `customerId` varchar(64) NOT NULL, `movieName` varchar(100) NOT NULL, `screeningId` varchar(64) NOT NULL, `seats` varchar(255) NOT NULL, `totalPrice` int NOT NULL, `expiresAt` varchar(30) NOT NULL, `extended` tinyint NOT NULL DEFAULT 0, `bookingId` varchar(36) NULL, `state` varchar(10) NOT NULL, `createdAt` varchar(30) NOT NULL, INDEX `ix_seat_hold_booking` (`bookingId`), INDEX `ix_seat_hold_expiry` (`state`, `expiresAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_seat_hold_expiry` ON `seat_hold`');
    await queryRunner.query('DROP INDEX `ix_seat_hold_booking` ON `seat_hold`');
    await queryRunner.query('DROP TABLE `seat_hold`');
    await queryRunner.query('DROP INDEX `ix_idempotency_key_created` ON `idempotency_key`');
    await queryRunner.query('DROP TABLE `idempotency_key`');
    await queryRunner.query('DROP INDEX `ix_seat_reservation_expiry` ON `seat_reservation`');
    await queryRunner.query('DROP INDEX `ix_seat_reservation_hold` ON `seat_reservation`');
    await queryRunner.query('DROP INDEX `ix_seat_reservation_booking` ON `seat_reservation`');
    await queryRunner.query('DROP TABLE `seat_reservation`');
    await queryRunner.query('DROP INDEX `ix_booking_customer` ON `booking`');
    await queryRunner.query('DROP INDEX `ix_booking_status` ON `booking`');
    await queryRunner.query('DROP TABLE `booking`');
    await queryRunner.query('DROP INDEX `ix_screening_movie` ON `screening`');
    await queryRunner.query('DROP TABLE `screening`');
    await queryRunner.query('DROP INDEX `uq_movie_name` ON `movie`');
    await queryRunner.query('DROP TABLE `movie`');
    await queryRunner.query('DROP INDEX `IDX_d7905153c6a53a23430d60226b` ON `outbox_message`');
    await queryRunner.query('DROP INDEX `ix_outbox_unsent` ON `outbox_message`');
    await queryRunner.query('DROP TABLE `outbox_message`');
    await queryRunner.query('DROP INDEX `uq_processed_event_consumer_event` ON `processed_event`');
    await queryRunner.query('DROP TABLE `processed_event`');
  }
}
