import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { SchedulerConfig, SERVICE_NAME } from './scheduler.config';
import { SchedulerModule } from './scheduler.module';

@Module({
  imports: [
    FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: SchedulerConfig }),
    SchedulerModule,
  ],
})
export class AppModule {}
