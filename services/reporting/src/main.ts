import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { reportingService } from './index';
import { SERVICE_NAME } from './reporting.config';

void bootstrapService(FaiPlatformModule.forService(reportingService), { service: SERVICE_NAME });
