import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { ADMIN_TOKEN_HEADER, AdminTokenGuard } from './admin-token.guard';
import { RebuildMypageResult } from './rebuild-mypage.result';
import { RebuildMypageService } from './rebuild-mypage.service';

@ApiTags('mypage admin')
@Controller('mypages')
export class RebuildMypageHttpController {
  constructor(private readonly service: RebuildMypageService) {}

  @Post('rebuild')
  @HttpCode(HttpStatus.OK)
  @UseGuards(AdminTokenGuard)
  @ApiOperation({ summary: 'Empty my page and rebuild it by replaying every event from the beginning' })
  @ApiHeader({ name: ADMIN_TOKEN_HEADER, required: true, description: 'The operator token (MYPAGE_ADMIN_TOKEN).' })
  @ApiOkResponse({ type: RebuildMypageResult, description: 'Rebuilt; the counts of what was replayed and what is there now.' })
  @ApiForbiddenResponse({ description: 'No or a wrong admin token, or no token configured (ADMIN_ONLY, ADMIN_DISABLED).' })
  @ApiConflictResponse({
    description: 'A rebuild is already running, on this replica or another (REBUILD_IN_PROGRESS); or the topics no longer hold '
      + 'every event my page shows, so a rebuild would lose bookings (EVENT_LOG_INCOMPLETE). Either way my page is left as it was.',
  })
  rebuild(): Promise<RebuildMypageResult> {
    return this.service.rebuild();
  }
}
