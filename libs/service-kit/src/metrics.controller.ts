import type { ServerResponse } from 'node:http';
import { Controller, Get, Res } from '@nestjs/common';
import { ServiceMetrics } from '@fai/observability';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  /** The Prometheus text exposition of the service's registry. */
  @Get()
  scrape(@Res({ passthrough: true }) response: ServerResponse): Promise<string> {
    response.setHeader('content-type', this.metrics.contentType);
    return this.metrics.metricsText();
  }
}
