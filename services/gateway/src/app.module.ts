import { Module } from '@nestjs/common';
import { GatewayModule } from './gateway.module';

@Module({ imports: [GatewayModule.forRoot()] })
export class AppModule {}
