import type { FaiService } from '@fai/service-kit';
import { SERVICE_NAME, ValidationConfig } from './validation.config';
import { ValidationModule } from './validation.module';

/** The validation service as the platform runs it: deployed (main.ts) or in the embedded default. */
export const validationService: FaiService<ValidationConfig> = {
  service: SERVICE_NAME,
  configClass: ValidationConfig,
  feature: ValidationModule,
};
