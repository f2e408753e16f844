import { Controller, Get } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { PlatformReadiness } from './platform-readiness';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: PlatformReadiness,
  ) {}

  /** 200 while the process runs and its event loop answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when the service can do its work; otherwise 503 with the checks that failed under `error`. */
  @Get('ready')
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness.checks());
  }
}
