import { MigrationInterface, QueryRunner } from 'typeorm';

export class Baseline1796021875820 implements MigrationInterface {
  name = 'Baseline1796021875820';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `used_refresh_token` (`tokenId` varchar(36) NOT NULL, `expiresAt` varchar(30) NOT NULL, INDEX `ix_used_refresh_token_expires` (`expiresAt`), PRIMARY KEY (`tokenId`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_used_refresh_token_expires` ON `used_refresh_token`');
    await queryRunner.query('DROP TABLE `used_refresh_token`');
  }
}
