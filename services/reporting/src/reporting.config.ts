import { PlatformConfig } from '@fai/service-kit';

export const SERVICE_NAME = 'reporting';

/** The reporting service's settings: its own schema and HTTP port by default. */
export class ReportingConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3105;
}
