import type { FaiService } from '@fai/service-kit';
import { ApprovalConfig, SERVICE_NAME } from './approval.config';
import { ApprovalModule } from './approval.module';

/** The approval service as the platform runs it: its own process, or beside the others in the embedded default. */
export const approvalService: FaiService<ApprovalConfig> = {
  service: SERVICE_NAME,
  configClass: ApprovalConfig,
  feature: ApprovalModule,
};
