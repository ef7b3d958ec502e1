import { Controller, Get, Headers, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Headers as HeaderName } from '@movie/contracts';
import { NotificationRepository } from '../../database/notification.repository';
import { customerAskedFor } from '../customer-asked-for';
import { NotificationListView, toNotificationView } from '../notification.view';
import { FindNotificationsRequest } from './find-notifications.request';

@ApiTags('notifications')
@Controller('notifications')
export class FindNotificationsHttpController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @ApiOperation({ summary: "A customer's notifications, newest first" })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway; wins over the query.' })
  @ApiOkResponse({ type: NotificationListView })
  @ApiBadRequestResponse({ description: 'No customer named (CUSTOMER_REQUIRED), limit out of range or an unknown query parameter (VALIDATION_FAILED).' })
  async find(
    @Query() request: FindNotificationsRequest,
    @Headers(HeaderName.customerId) caller?: string,
  ): Promise<NotificationListView> {
    const customerId = customerAskedFor(caller, request.customerId);
    const notifications = await this.notifications.findByCustomer(customerId, request.limit);
    return { items: notifications.map(toNotificationView), limit: request.limit };
  }
}
