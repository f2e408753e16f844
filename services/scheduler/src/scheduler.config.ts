import { PlatformConfig } from '@fai/service-kit';

export const SERVICE_NAME = 'scheduler';

/** The scheduler service's settings: its own schema and HTTP port by default. */
export class SchedulerConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3101;
}
