import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { ExtractionConfig, SERVICE_NAME } from './extraction.config';

@Module({
  imports: [FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: ExtractionConfig })],
})
export class AppModule {}
