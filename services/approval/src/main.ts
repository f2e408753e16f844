import { bootstrapService, FaiPlatformModule } from '@fai/service-kit';
import { SERVICE_NAME } from './approval.config';
import { approvalService } from './index';

void bootstrapService(FaiPlatformModule.forService(approvalService), { service: SERVICE_NAME });
