import type { FaiService } from '@fai/service-kit';
import { IngestConfig, SERVICE_NAME } from './ingest.config';
import { IngestModule } from './ingest.module';

/** Ingest as the platform runs it: deployed (main.ts) or in the embedded default. */
export const ingestService: FaiService<IngestConfig> = {
  service: SERVICE_NAME,
  configClass: IngestConfig,
  feature: IngestModule,
};
