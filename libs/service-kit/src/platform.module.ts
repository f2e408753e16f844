import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PgDatabase, PostgresEventStore } from '@fai/event-store';
import { EventRelay } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import { ConsumerRegistry } from './consumer-registry';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { NestWinstonLogger } from './nest-winston-logger';
import type { PlatformConfig } from './platform-config';
import { PlatformLifecycle } from './platform-lifecycle';
import { CommandServers } from './command-server';
import { platformProviders, type FaiPlatformOptions } from './platform.providers';
import { PlatformReadiness } from './platform-readiness';
import { FAI_CONFIG, FAI_LOGGER, NATS_CONNECTION } from './platform.tokens';
import { RequestContextMiddleware } from './request-context.middleware';

/**
 * The edge every FAI service shares: validated config, JSON logger, PostgreSQL pool and event store,
 * NATS, JetStream streams, metrics, the relay of the service's own events, health and metrics
 * endpoints, request ids, and ordered start-up and shutdown. Global, so feature modules inject its
 * providers without importing it.
 */
@Module({})
export class FaiPlatformModule implements NestModule {
  static forRoot<C extends PlatformConfig>(options: FaiPlatformOptions<C>): DynamicModule {
    return {
      module: FaiPlatformModule,
      global: true,
      // The platform logs start-up and shutdown itself; Terminus would add an error line per failed probe.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        ...platformProviders(options),
        NestWinstonLogger,
        ConsumerRegistry,
        PlatformLifecycle,
        PlatformReadiness,
      ],
      exports: [
        FAI_CONFIG,
        options.configClass,
        FAI_LOGGER,
        NATS_CONNECTION,
        NestWinstonLogger,
        ServiceMetrics,
        PgDatabase,
        PostgresEventStore,
        EventRelay,
        ConsumerRegistry,
        CommandServers,
        PlatformLifecycle,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
