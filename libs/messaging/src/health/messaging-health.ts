import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ReadinessCheck } from '@movie/runtime';
import { MessagingConfig } from '../messaging.config';
import { MESSAGING_CONFIG } from '../messaging.tokens';
import { OutboxRelay } from '../outbox/outbox-relay';
import { ConsumerStatus } from '../transport/consumer-status';
import { EventPublisher } from '../transport/event-publisher';
import { InstanceFanout } from '../transport/instance-fanout';

/**
 * What readiness and metrics want to know about messaging: the consumer runs, the transport
 * answers, how much waits to go out, and whether the instance hears its app's other instances.
 */
@Injectable()
export class MessagingHealth {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly relay: OutboxRelay,
    @Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig,
    private readonly consumer: ConsumerStatus,
    private readonly fanout: InstanceFanout,
  ) {}

  async check(): Promise<Record<string, unknown>> {
    this.consumer.assertRunning();
    const [transport, outboxBacklog] = await Promise.all([this.publisher.ping(), this.relay.backlog()]);
    const fanout = this.fanout.status();
    return { ...transport, transport: this.config.transport, outboxBacklog, ...(fanout && { fanout }) };
  }
}

/**
 * The readiness check for HealthModule.register, e.g.
 * `inject: [DataSource, MessagingHealth], checks: (ds, messaging) => [readinessOfDatabase(ds), messagingReadiness(messaging)]`.
 *
 * Not critical by default: while the broker is away the outbox keeps every event and the
 * app still serves its requests, so it reports "degraded" instead of leaving the load balancer.
 */
export function messagingReadiness(source: MessagingHealth | ModuleRef, options: { critical?: boolean } = {}): ReadinessCheck {
  const health = source instanceof MessagingHealth ? source : source.get(MessagingHealth, { strict: false });
  return { name: 'messaging', critical: options.critical ?? false, check: () => health.check() };
}
