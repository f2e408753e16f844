import { bootstrapService } from '@fai/service-kit';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './validation.config';

void bootstrapService(AppModule, { service: SERVICE_NAME });
