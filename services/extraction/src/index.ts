import type { FaiService } from '@fai/service-kit';
import { ExtractionConfig, SERVICE_NAME } from './extraction.config';
import { ExtractionModule } from './extraction.module';

/** The extraction service as the platform runs it: deployed (main.ts) or in the embedded default. */
export const extractionService: FaiService<ExtractionConfig> = {
  service: SERVICE_NAME,
  configClass: ExtractionConfig,
  feature: ExtractionModule,
};
