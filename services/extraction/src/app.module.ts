import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { ExtractionConfig, SERVICE_NAME } from './extraction.config';
import { ExtractionModule } from './extraction.module';

@Module({
  imports: [
    FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: ExtractionConfig }),
    ExtractionModule,
  ],
})
export class AppModule {}
