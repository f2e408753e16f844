import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { IngestConfig, SERVICE_NAME } from './ingest.config';
import { IngestModule } from './ingest.module';

@Module({
  imports: [FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: IngestConfig }), IngestModule],
})
export class AppModule {}
