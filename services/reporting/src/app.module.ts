import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { ReportingConfig, SERVICE_NAME } from './reporting.config';
import { ReportingModule } from './reporting.module';

@Module({
  imports: [
    FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: ReportingConfig }),
    ReportingModule,
  ],
})
export class AppModule {}
