import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { schedulerService } from './index';
import { SERVICE_NAME } from './scheduler.config';

void bootstrapService(FaiPlatformModule.forService(schedulerService), { service: SERVICE_NAME });
