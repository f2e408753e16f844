import type { FaiService } from '@fai/service-kit';
import { SchedulerConfig, SERVICE_NAME } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

/** The scheduler as the platform runs it: deployed (main.ts) or in the embedded default. */
export const schedulerService: FaiService<SchedulerConfig> = {
  service: SERVICE_NAME,
  configClass: SchedulerConfig,
  feature: SchedulerModule,
};
