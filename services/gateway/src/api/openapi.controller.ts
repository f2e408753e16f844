import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { PublicEndpoint } from '../security/endpoint.decorator';

/** The checked-in document; a unit test keeps it equal to the one the code describes. */
export const OPENAPI_FILE = join(__dirname, '..', '..', 'openapi.json');

@Controller('api/v1')
export class OpenApiController {
  private document?: unknown;

  @Get('openapi.json')
  @PublicEndpoint('openapi', 'This API’s OpenAPI document')
  @ApiExcludeEndpoint()
  openapi(): unknown {
    this.document ??= JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    return this.document;
  }
}
