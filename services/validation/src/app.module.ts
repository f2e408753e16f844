import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { ValidationConfig, SERVICE_NAME } from './validation.config';
import { ValidationModule } from './validation.module';

@Module({
  imports: [
    FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: ValidationConfig }),
    ValidationModule,
  ],
})
export class AppModule {}
