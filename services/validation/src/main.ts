import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { validationService } from './index';
import { SERVICE_NAME } from './validation.config';

void bootstrapService(FaiPlatformModule.forService(validationService), { service: SERVICE_NAME });
