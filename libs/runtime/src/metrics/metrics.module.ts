import { DynamicModule, Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/**
 * Gives every module of one app its `Metrics` and serves them at GET /metrics.
 * createHttpApp imports it into each app, so apps need not.
 */
@Global()
@Module({})
export class MetricsModule {
  static forApp(metrics: Metrics): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: Metrics, useValue: metrics }],
      exports: [Metrics],
    };
  }
}
