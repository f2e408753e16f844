import { PlatformConfig } from '@fai/service-kit';

export const SERVICE_NAME = 'validation';

/** The validation service's settings: its own schema and HTTP port by default. */
export class ValidationConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3104;
}
