import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { ingestService } from './index';
import { SERVICE_NAME } from './ingest.config';

void bootstrapService(FaiPlatformModule.forService(ingestService), { service: SERVICE_NAME });
