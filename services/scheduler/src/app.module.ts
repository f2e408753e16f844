import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { SchedulerConfig, SERVICE_NAME } from './scheduler.config';

@Module({
  imports: [FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: SchedulerConfig })],
})
export class AppModule {}
