import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FaiPlatformModule } from '@fai/service-kit';
import { gatewayService } from '../index';
import { ACCESS_POLICY } from '../security/access-policy';
import { openApiDocument } from './openapi';
import { OPENAPI_FILE } from './openapi.controller';
import { breakingChanges, majorVersion } from './openapi-compatibility';

const RELEASED_DIR = join(__dirname, '..', '..', 'openapi-released');
const PUBLIC_OPERATIONS = ['dev.jwks', 'dev.tokens'];

let generated: OpenAPIObject;

beforeAll(async () => {
  // Preview: the module graph without instantiating providers, so nothing connects anywhere.
  const app = await NestFactory.create(FaiPlatformModule.forService(gatewayService), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  generated = JSON.parse(JSON.stringify(openApiDocument(app))) as OpenAPIObject;
  await app.close();
});

describe('the OpenAPI document', () => {
  it('served and checked in (services/gateway/openapi.json) is the one the code describes', () => {
    // On a difference: `npm run build && npm run openapi -w @fai/gateway`, then review the diff.
    expect(generated).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
  });

  it('names an access policy entry for every operation (no route without a role rule)', () => {
    const operations = Object.values(generated.paths).flatMap((path) =>
      Object.values(path as Record<string, { operationId: string }>).map(
        (operation) => operation.operationId,
      ),
    );
    expect(operations.filter((id) => !(id in ACCESS_POLICY) && !PUBLIC_OPERATIONS.includes(id))).toEqual([]);
    expect(new Set(operations).size).toBe(operations.length);
  });

  it('keeps every promise of each released document of the same major version', () => {
    const released = readdirSync(RELEASED_DIR).filter((file) => file.endsWith('.json'));
    expect(released.length).toBeGreaterThan(0);
    for (const file of released) {
      const previous = JSON.parse(readFileSync(join(RELEASED_DIR, file), 'utf8')) as Parameters<
        typeof breakingChanges
      >[0];
      if (majorVersion(previous) !== majorVersion(generated)) continue;
      // A breaking change ships as a new major version (/api/v2) beside this one (acceptance 40).
      expect([file, breakingChanges(previous, generated as never)]).toEqual([file, []]);
    }
  });
});

describe('breakingChanges', () => {
  const base = {
    info: { version: '1.0.0' },
    paths: {
      '/api/v1/cycles': {
        get: {
          operationId: 'cycles.list',
          parameters: [{ name: 'state', in: 'query', required: false }],
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } } },
          },
        },
        post: {
          operationId: 'cycles.open',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Open' } } } },
          responses: { '200': {} },
        },
      },
    },
    components: {
      schemas: {
        Page: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array' }, nextCursor: { type: 'string' } },
        },
        Open: {
          type: 'object',
          required: ['portfolioId'],
          properties: { portfolioId: { type: 'string' }, note: { type: 'string' } },
        },
      },
    },
  };
  const clone = () => JSON.parse(JSON.stringify(base)) as typeof base & Record<string, never>;

  it('finds nothing in the same document or in additions', () => {
    const next = clone();
    (next.paths as Record<string, unknown>)['/api/v1/other'] = { get: { operationId: 'other' } };
    (next.components.schemas.Open.properties as Record<string, unknown>).extra = { type: 'string' };
    expect(breakingChanges(base, next)).toEqual([]);
  });

  it('reports removed paths and operations', () => {
    const next = clone();
    delete (next.paths['/api/v1/cycles'] as Partial<(typeof next.paths)['/api/v1/cycles']>).post;
    expect(breakingChanges(base, next)).toEqual(['POST /api/v1/cycles removed']);
    expect(breakingChanges(base, { ...next, paths: {} })).toEqual(['path /api/v1/cycles removed']);
  });

  it('reports a parameter removed or newly required', () => {
    const next = clone();
    next.paths['/api/v1/cycles'].get.parameters = [{ name: 'portfolioId', in: 'query', required: true }];
    expect(breakingChanges(base, next)).toEqual([
      'GET /api/v1/cycles: parameter query:state removed',
      'GET /api/v1/cycles: parameter query:portfolioId is now required',
    ]);
  });

  it('reports a request property newly required and a response property removed or retyped', () => {
    const next = clone();
    next.components.schemas.Open.required = ['portfolioId', 'note'];
    delete (
      next.components.schemas.Page.properties as Partial<typeof next.components.schemas.Page.properties>
    ).nextCursor;
    next.components.schemas.Page.properties.items.type = 'object';
    expect(breakingChanges(base, next)).toEqual([
      'GET /api/v1/cycles response: property items changed type from array to object',
      'GET /api/v1/cycles response: property nextCursor removed',
      'POST /api/v1/cycles request: property note is now required',
    ]);
  });

  it('reports a renamed operation id', () => {
    const next = clone();
    next.paths['/api/v1/cycles'].get.operationId = 'listCycles';
    expect(breakingChanges(base, next)).toEqual([
      'GET /api/v1/cycles: operationId cycles.list became listCycles',
    ]);
  });
});
