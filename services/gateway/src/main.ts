import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { SERVICE_NAME } from './gateway.config';
import { gatewayService } from './index';

void bootstrapService(FaiPlatformModule.forService(gatewayService), { service: SERVICE_NAME });
