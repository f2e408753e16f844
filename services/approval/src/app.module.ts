import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { ApprovalConfig, SERVICE_NAME } from './approval.config';
import { ApprovalModule } from './approval.module';

@Module({
  imports: [
    FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: ApprovalConfig }),
    ApprovalModule,
  ],
})
export class AppModule {}
