import type { FaiService } from '@fai/service-kit';
import { GatewayConfig, SERVICE_NAME } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** The gateway as the platform runs it: `FaiPlatformModule.forService(gatewayService, setting)`. */
export const gatewayService: FaiService<GatewayConfig> = {
  service: SERVICE_NAME,
  configClass: GatewayConfig,
  feature: GatewayModule,
};
