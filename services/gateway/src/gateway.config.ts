import { PlatformConfig } from '@fai/service-kit';

export const SERVICE_NAME = 'gateway';

/** The gateway service's settings: its own schema and HTTP port by default. */
export class GatewayConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3000;
}
