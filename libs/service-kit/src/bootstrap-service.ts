import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FaiError } from '@fai/contracts';
import { createLogger, initTracing, type Tracing } from '@fai/observability';
import type { Logger } from 'winston';
import { NestWinstonLogger } from './nest-winston-logger';
import type { PlatformConfig } from './platform-config';
import { ShutdownTimeoutError } from './platform-errors';
import { PlatformLifecycle } from './platform-lifecycle';
import { FAI_CONFIG, FAI_LOGGER } from './platform.tokens';

export interface BootstrapOptions {
  /** The service's name, as its FaiService definition gives it. */
  service: string;
}

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs a service's `main.ts`: creates the Nest application on the JSON logger, listens on
 * FAI_HTTP_PORT and stops gracefully on SIGTERM / SIGINT with exit code 0, or 1 if shutdown
 * overruns FAI_SHUTDOWN_GRACE_MS. A service that cannot start (invalid settings, NATS
 * unreachable, port taken) writes one error line to stderr and exits with code 1.
 */
export async function bootstrapService(
  appModule: Type<unknown> | DynamicModule,
  { service }: BootstrapOptions,
): Promise<void> {
  const tracing = initTracing(service);
  let app: INestApplication;
  try {
    // Nest logs nothing until the service's own logger exists: a start-up error is reported once, below.
    app = await NestFactory.create(appModule, { logger: false, abortOnError: false });
    app.useLogger(app.get(NestWinstonLogger));
    await app.listen(app.get<PlatformConfig>(FAI_CONFIG).FAI_HTTP_PORT);
  } catch (error) {
    reportStartFailure(service, error);
    process.exit(1);
  }
  const logger = app.get<Logger>(FAI_LOGGER);
  logger.info('listening', { port: app.get<PlatformConfig>(FAI_CONFIG).FAI_HTTP_PORT });
  stopOnSignals(app, tracing, logger);
}

function reportStartFailure(service: string, error: unknown): void {
  const logger = createLogger(service, { stream: process.stderr });
  // A FaiError is an expected condition with a message and a hint; a stack would only hide them.
  if (error instanceof FaiError) {
    logger.error(`${service} cannot start: ${error.message}`, { error_code: error.code, hint: error.hint });
  } else {
    logger.error(`${service} cannot start`, { error });
  }
}

function stopOnSignals(app: INestApplication, tracing: Tracing, logger: Logger): void {
  const graceMs = app.get<PlatformConfig>(FAI_CONFIG).FAI_SHUTDOWN_GRACE_MS;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, graceMs });
    app.get(PlatformLifecycle).beginShutdown();
    const overrun = setTimeout(() => {
      logger.error('shutdown overran its grace period', { error: new ShutdownTimeoutError(graceMs) });
      process.exit(1);
    }, graceMs);
    app
      .close()
      .then(() => tracing.shutdown())
      .then(
        () => {
          clearTimeout(overrun);
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, stop);
}
