import { Controller, Headers, Inject, MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable, startWith } from 'rxjs';
import { Headers as HeaderName } from '@movie/contracts';
import { customerAskedFor } from '../customer-asked-for';
import { NotificationView } from '../notification.view';
import { LiveNotifications } from './live-notifications';
import { StreamNotificationsRequest } from './stream-notifications.request';

export const SSE_HEARTBEAT_MS = Symbol('SSE_HEARTBEAT_MS');

@ApiTags('notifications')
@ApiExtraModels(NotificationView)
@Controller('notifications')
export class StreamNotificationsHttpController {
  constructor(
    private readonly live: LiveNotifications,
    @Inject(SSE_HEARTBEAT_MS) private readonly heartbeatMs: number,
  ) {}

  @Sse('stream')
  @ApiOperation({
    summary: "A customer's new notifications, live (server-sent events)",
    description: 'Each committed notification is one `data:` line holding a NotificationView, its id the notification id. '
      + 'A comment line (`: heartbeat`) comes every 15 s by default to keep the connection open. Nothing is replayed on reconnect: '
      + 'GET /notifications for what came before.',
  })
  @ApiHeader({ name: HeaderName.customerId, required: false, description: 'The calling customer, set by the gateway; wins over the query.' })
  @ApiOkResponse({
    description: 'An event stream that stays open; each data line is a NotificationView.',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example: ': connected\n\nid: 5f0c...\ndata: {"id":"5f0c...","kind":"booked","status":1,"message":"Your booking for Soul, seats 1A 2B, is confirmed.", ...}\n\n: heartbeat\n\n',
      },
    },
  })
  @ApiBadRequestResponse({ description: 'No customer named (CUSTOMER_REQUIRED), or an unknown query parameter (VALIDATION_FAILED).' })
  stream(
    @Query() request: StreamNotificationsRequest,
    @Headers(HeaderName.customerId) caller?: string,
  ): Observable<MessageEvent> {
    const customerId = customerAskedFor(caller, request.customerId);
    const events = this.live.of(customerId).pipe(map((view): MessageEvent => ({ id: view.id, data: view })));
    const heartbeats = interval(this.heartbeatMs).pipe(map(() => comment('heartbeat')));
    return this.live.untilShutdown(merge(events, heartbeats)).pipe(startWith(comment('connected')));
  }
}

/** A comment-only event: clients ignore it, proxies see traffic. */
const comment = (text: string): MessageEvent => ({ comment: text });
