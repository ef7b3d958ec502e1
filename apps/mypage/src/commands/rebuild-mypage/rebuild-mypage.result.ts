import { ApiProperty } from '@nestjs/swagger';

export class RebuildMypageResult {
  @ApiProperty({ description: 'Events read from the topics and fed to the projection.' }) eventsReplayed: number;
  @ApiProperty({ description: 'Bookings on my page after the rebuild.' }) bookings: number;
  @ApiProperty({ description: 'History lines after the rebuild.' }) historyEntries: number;
}
