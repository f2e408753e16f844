import {
  Module,
  RequestMethod,
  type DynamicModule,
  type Type,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PostgresEventStore } from '@fai/event-store';
import { EventRelay } from '@fai/messaging';
import { ServiceMetrics } from '@fai/observability';
import { ConsumerRegistry } from './consumer-registry';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { NestWinstonLogger } from './nest-winston-logger';
import type { PlatformConfig } from './platform-config';
import { PlatformLifecycle } from './platform-lifecycle';
import { ServiceCommands } from './command-server';
import { platformProviders, type FaiPlatformOptions } from './platform.providers';
import { PlatformReadiness } from './platform-readiness';
import { FAI_CONFIG, FAI_LOGGER, PLATFORM_BACKEND, SQL_DATABASE } from './platform.tokens';
import { RequestContextMiddleware } from './request-context.middleware';

/** A service as the platform runs it: its name, its settings class and its feature module. */
export interface FaiService<C extends PlatformConfig = PlatformConfig> {
  service: string;
  configClass: new () => C;
  feature: Type<unknown> | DynamicModule;
}

/** Where a service runs: its settings (default process.env), in the embedded default the shared runtime, and its log stream. */
export type FaiServiceSetting = Pick<FaiPlatformOptions, 'env' | 'embedded' | 'logStream'>;

/** The root module of one service's Nest application. */
@Module({})
class FaiServiceApplication {}

/**
 * The edge every FAI service shares: validated config, JSON logger, its backend (PostgreSQL and NATS
 * with JetStream streams, or the embedded runtime), event store, metrics, the relay of the service's
 * own events, health and metrics endpoints, request ids, and ordered start-up and shutdown. Global,
 * so feature modules inject its providers without importing it.
 */
@Module({})
export class FaiPlatformModule implements NestModule {
  /** A service's whole application: the platform on its backend plus the service's feature module. */
  static forService<C extends PlatformConfig>(
    definition: FaiService<C>,
    setting: FaiServiceSetting = {},
  ): DynamicModule {
    const { service, configClass, feature } = definition;
    return {
      module: FaiServiceApplication,
      imports: [FaiPlatformModule.forRoot({ service, configClass, ...setting }), feature],
    };
  }

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
        PLATFORM_BACKEND,
        SQL_DATABASE,
        NestWinstonLogger,
        ServiceMetrics,
        PostgresEventStore,
        EventRelay,
        ConsumerRegistry,
        ServiceCommands,
        PlatformLifecycle,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
