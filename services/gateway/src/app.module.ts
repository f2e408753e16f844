import { Module } from '@nestjs/common';
import { FaiPlatformModule } from '@fai/service-kit';
import { GatewayConfig, SERVICE_NAME } from './gateway.config';

@Module({
  imports: [FaiPlatformModule.forRoot({ service: SERVICE_NAME, configClass: GatewayConfig })],
})
export class AppModule {}
