import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

const PROBLEM_SCHEMA = {
  type: 'object' as const,
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' as const, example: 'urn:fai:problem:out-of-scope' },
    title: { type: 'string' as const },
    status: { type: 'integer' as const },
    detail: { type: 'string' as const },
    instance: { type: 'string' as const },
    code: { type: 'string' as const, description: 'Stable: match on it, never on the text.' },
    hint: { type: 'string' as const, description: 'What to do.' },
    details: { type: 'object' as const, additionalProperties: true },
    requestId: { type: 'string' as const },
  },
};

/** The API's version: a breaking change ships as /api/v2 beside it (acceptance 40). */
export const API_VERSION = '1.0.0';

/** The OpenAPI document of the gateway's routes, as served at /api/v1/openapi.json and checked in. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('FAI gateway API')
    .setDescription(
      'Fund Analyst Intelligence: portfolios, cycles, artefacts, claims, review and publication. Errors are ' +
        'RFC 9457 application/problem+json with a stable `code`; lists are cursor-paginated.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
  // Platform routes (health, metrics) are not part of the versioned API.
  document.paths = Object.fromEntries(
    Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return document;
}
