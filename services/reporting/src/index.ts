import type { FaiService } from '@fai/service-kit';
import { ReportingConfig, SERVICE_NAME } from './reporting.config';
import { ReportingModule } from './reporting.module';

/** The reporting service as the platform runs it: its own process, or beside the others in the embedded default. */
export const reportingService: FaiService<ReportingConfig> = {
  service: SERVICE_NAME,
  configClass: ReportingConfig,
  feature: ReportingModule,
};

/** Re-checks an evidence pack offline (the `verify-pack` CLI's check), for whoever received one. */
export { verifyEvidencePack, type PackVerification } from './pack/pack-verify';
/** Renders a memo again from its stored memo input (and approval stamp), byte for byte: the restore drill's check. */
export { renderMemo } from './memo/memo-renderer';
