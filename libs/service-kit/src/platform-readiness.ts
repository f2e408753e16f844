import { Inject, Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import type { PlatformBackend } from './platform-backend';
import { PlatformLifecycle } from './platform-lifecycle';
import { ReadinessCheckTimeoutError } from './platform-errors';
import { PLATFORM_BACKEND } from './platform.tokens';

// Below Kubernetes' default probe timeout (1 s), so a hung dependency reads as "down", not as a probe timeout.
const CHECK_TIMEOUT_MS = 800;

/** The readiness checks: start-up finished and not shutting down, the database answers, the bus is connected. */
@Injectable()
export class PlatformReadiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: PlatformLifecycle,
    @Inject(PLATFORM_BACKEND) private readonly backend: PlatformBackend,
  ) {}

  checks(): HealthIndicatorFunction[] {
    return [() => this.lifecycleCheck(), () => this.postgresCheck(), () => this.natsCheck()];
  }

  private lifecycleCheck(): HealthIndicatorResult {
    const check = this.indicators.check('lifecycle');
    const status = this.lifecycle.status();
    return status.phase === 'started' ? check.up({ ...status }) : check.down({ ...status });
  }

  private postgresCheck(): Promise<HealthIndicatorResult> {
    return this.probe('postgres', () => this.backend.database.query('SELECT 1'));
  }

  private natsCheck(): Promise<HealthIndicatorResult> {
    return this.probe('nats', () => this.backend.checkBus());
  }

  private async probe(dependency: string, ask: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(dependency);
    try {
      await withTimeout(
        ask(),
        CHECK_TIMEOUT_MS,
        () => new ReadinessCheckTimeoutError(dependency, CHECK_TIMEOUT_MS),
      );
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, timeoutError: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
