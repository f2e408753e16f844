import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { SERVICE_NAME } from './extraction.config';
import { extractionService } from './index';

void bootstrapService(FaiPlatformModule.forService(extractionService), { service: SERVICE_NAME });
