import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics } from '@movie/contracts';
import { createBookApp } from '../../book/src/book.app';
import { loadBookConfig } from '../../book/src/book.config';
import { createGatewayApp } from '../../gateway/src/gateway.app';
import { loadGatewayConfig } from '../../gateway/src/gateway.config';
import { createMypageApp } from '../../mypage/src/mypage.app';
import { loadMypageConfig } from '../../mypage/src/mypage.config';
import { createNotificationApp } from '../../notification/src/notification.app';
import { loadNotificationConfig } from '../../notification/src/notification.config';
import { createPaymentApp } from '../../payment/src/payment.app';
import { loadPaymentConfig } from '../../payment/src/payment.config';
import { createTicketApp } from '../../ticket/src/ticket.app';
import { loadTicketConfig } from '../../ticket/src/ticket.config';
import type { ListenAddress, PlatformApp } from './embedded-platform';

function platformApp<C extends ListenAddress>(
  name: string,
  reads: string[],
  load: (env: NodeJS.ProcessEnv) => C,
  create: (config: C) => Promise<NestFastifyApplication>,
): PlatformApp {
  return {
    name,
    reads,
    create: async (env) => {
      const config = load(env);
      return { app: await create(config), address: { port: config.port, host: config.host } };
    },
  };
}

/**
 * In start order: a service comes after the ones it calls, and the gateway, the way in, comes
 * last. With the topics each app's consumers read: a topic left out here makes its consumer
 * fail at start in the threaded mode, where a thread receives only what its apps read.
 */
export const platformApps: PlatformApp[] = [
  platformApp('payment', [Topics.booking], loadPaymentConfig, createPaymentApp),
  platformApp('book', [], loadBookConfig, createBookApp),
  platformApp('ticket', [Topics.booking], loadTicketConfig, createTicketApp),
  platformApp('mypage', [Topics.booking, Topics.payment, Topics.ticket], loadMypageConfig, createMypageApp),
  platformApp('notification', [Topics.booking, Topics.payment, Topics.ticket], loadNotificationConfig, createNotificationApp),
  platformApp('gateway', [], loadGatewayConfig, createGatewayApp),
];
