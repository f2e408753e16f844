import { bootstrapService } from '@fai/service-kit';
import { AppModule } from './app.module';
import { SERVICE_NAME } from './approval.config';

void bootstrapService(AppModule, { service: SERVICE_NAME });
