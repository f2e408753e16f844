import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { ClientProxy } from '@nestjs/microservices';
import { ThrottlerModule } from '@nestjs/throttler';
import { ContractRegistry, createRegistry } from '@fai/contracts';
import { CommandClient } from '@fai/messaging';
import { readModelDataSource } from '@fai/projections';
import type { SqlDatabase } from '@fai/event-store';
import { FAI_CONFIG, PLATFORM_BACKEND, SQL_DATABASE, type PlatformBackend } from '@fai/service-kit';
import { FilesystemArtefactStore, JetStreamObjectArtefactStore } from '@fai/artefact-store';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { AlertsController } from './alerts/alerts.controller';
import { FundAlertsController } from './alerts/fund-alerts.controller';
import { COMMAND_CLIENT, COMMAND_PROXY, CommandSender } from './api/command-sender';
import { OpenApiController } from './api/openapi.controller';
import { ProblemFilter } from './api/problem.filter';
import { requestValidationPipe } from './api/validation.pipe';
import { OUTPUT_STORE, WorkflowController } from './approval/workflow.controller';
import { ArtefactsController } from './artefacts/artefacts.controller';
import { AuditLogController } from './audit/audit-log.controller';
import { AuditLogMiddleware } from './audit/audit-log.middleware';
import { CycleLookup } from './cycles/cycle-lookup.service';
import { ExceptionsController } from './exceptions/exceptions.controller';
import { CyclesController } from './cycles/cycles.controller';
import { FundsController } from './funds/funds.controller';
import { SERVICE_NAME, type GatewayConfig } from './gateway.config';
import { GatewayRuntime } from './gateway-runtime';
import { PoliciesController } from './policies/policies.controller';
import { PortfoliosController } from './portfolios/portfolios.controller';
import { GatewayEvents } from './projections/gateway-events';
import { ProjectionConsumer } from './projections/projection-consumer';
import { READ_MODEL_ENTITIES } from './projections/read-model.entities';
import { AuthGuard } from './security/auth.guard';
import { CallerContextInterceptor } from './security/caller-context.interceptor';
import { ClientThrottlerGuard } from './security/client-throttler.guard';
import { DevTokenIssuer } from './security/dev-token-issuer';
import { SessionController } from './security/session.controller';
import { remoteKeySet, TokenVerifier, verifierOptions } from './security/token-verifier';
import { ScopeService } from './security/scope.service';
import { PortfolioTenants } from './security/portfolio-tenants';
import { AuditLog } from './audit/audit-log';

export const API_CONTROLLERS = [
  SessionController,
  OpenApiController,
  PortfoliosController,
  FundsController,
  CyclesController,
  WorkflowController,
  ArtefactsController,
  AlertsController,
  FundAlertsController,
  ExceptionsController,
  PoliciesController,
  AuditLogController,
];

/** The dev issuer exists only with FAI_DEV_TOKEN_ISSUER=true, which the configuration refuses in prod. */
async function devTokenIssuer(config: GatewayConfig): Promise<DevTokenIssuer | null> {
  if (!config.FAI_DEV_TOKEN_ISSUER) return null;
  return DevTokenIssuer.create({
    issuer: config.FAI_OIDC_ISSUER,
    audience: config.FAI_OIDC_AUDIENCE,
    claims: verifierOptions(config).claims,
  });
}

/**
 * The gateway: security, the REST API under /api/v1, its read models and the commands it forwards.
 * Runs on the platform (FaiPlatformModule.forService(gatewayService)), on PostgreSQL and NATS or embedded.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [FAI_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        throttlers: [{ ttl: config.FAI_RATE_LIMIT_WINDOW_MS, limit: config.FAI_RATE_LIMIT }],
      }),
    }),
  ],
  controllers: API_CONTROLLERS,
  providers: [
    { provide: ContractRegistry, useFactory: createRegistry },
    {
      provide: DataSource,
      inject: [FAI_CONFIG, SQL_DATABASE],
      useFactory: (config: GatewayConfig, database: SqlDatabase) =>
        readModelDataSource({
          url: config.FAI_PG_URL,
          database,
          schema: config.FAI_PG_SCHEMA,
          entities: READ_MODEL_ENTITIES,
          applicationName: `${SERVICE_NAME}-read-models`,
          poolSize: 8,
        }),
    },
    { provide: DevTokenIssuer, inject: [FAI_CONFIG], useFactory: devTokenIssuer },
    {
      provide: OUTPUT_STORE,
      inject: [FAI_CONFIG, PLATFORM_BACKEND],
      useFactory: (config: GatewayConfig, backend: PlatformBackend) =>
        config.FAI_OUTPUT_STORE === 'nats'
          ? new JetStreamObjectArtefactStore(
              backend.nats('the output bucket FAI_OUTPUT_BUCKET (FAI_OUTPUT_STORE=nats)'),
              config.FAI_OUTPUT_BUCKET,
            )
          : new FilesystemArtefactStore(config.FAI_OUTPUT_DIR),
    },
    {
      provide: TokenVerifier,
      inject: [FAI_CONFIG, DevTokenIssuer],
      useFactory: (config: GatewayConfig, devIssuer: DevTokenIssuer | null) =>
        new TokenVerifier(
          devIssuer
            ? devIssuer.keySet()
            : remoteKeySet(config.FAI_OIDC_JWKS_URL!, config.FAI_OIDC_JWKS_CACHE_MS),
          verifierOptions(config),
        ),
    },
    {
      provide: COMMAND_PROXY,
      inject: [PLATFORM_BACKEND],
      useFactory: (backend: PlatformBackend) => backend.commands.client(),
    },
    {
      provide: COMMAND_CLIENT,
      inject: [COMMAND_PROXY],
      useFactory: (proxy: ClientProxy) => new CommandClient(proxy),
    },
    // Guards run in this order: authenticate and authorise, then count the request against its client.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_PIPE, useFactory: requestValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: CallerContextInterceptor },
    ScopeService,
    PortfolioTenants,
    AuditLog,
    CycleLookup,
    CommandSender,
    GatewayEvents,
    ProjectionConsumer,
    AuditLogMiddleware,
    GatewayRuntime,
  ],
})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(helmet()).forRoutes({ path: '*path', method: RequestMethod.ALL });
    consumer.apply(AuditLogMiddleware).forRoutes({ path: 'api/*path', method: RequestMethod.ALL });
  }
}
