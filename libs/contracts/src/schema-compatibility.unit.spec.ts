import { checkSchemaCompatibility, type SchemaBreakRule } from './schema-compatibility';

const alert = {
  type: 'object',
  description: 'An alert.',
  additionalProperties: false,
  required: ['alertId', 'severity', 'details'],
  properties: {
    alertId: { type: 'string', minLength: 1 },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    count: { type: 'integer', minimum: 0, maximum: 100 },
    weight: { type: 'number' },
    kind: { const: 'dead_letter' },
    tags: { type: 'array', items: { type: 'string', maxLength: 20 } },
    details: { type: 'object', additionalProperties: true, properties: { code: { type: 'string' } } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    cause: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  },
} as const;

type Json = Record<string, unknown>;

/** A copy of `alert` with each dotted path set to its value, or removed when the value is undefined. */
function edited(...changes: Array<[path: string, value: unknown]>): Json {
  const schema = JSON.parse(JSON.stringify(alert)) as Json;
  for (const [path, value] of changes) {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => node[key] as Json, schema);
    const key = keys[keys.length - 1];
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return schema;
}

function rulesBroken(next: unknown): SchemaBreakRule[] {
  return checkSchemaCompatibility(alert, next).breaks.map((b) => b.rule);
}

describe('checkSchemaCompatibility: backward-compatible edits', () => {
  it.each<[string, unknown]>([
    ['no change', alert],
    ['a new optional property', edited(['properties.note', { type: 'string' }])],
    ['a widened enum', edited(['properties.severity.enum', ['info', 'warning', 'critical', 'fatal']])],
    ['doc changes', edited(['description', 'Changed.'], ['properties.alertId.title', 'Alert id'])],
    ['a property no longer required', edited(['required', ['alertId', 'severity']])],
    ['integer widened to number', edited(['properties.count.type', 'number'])],
    ['a type made nullable', edited(['properties.alertId.type', ['string', 'null']])],
    ['looser bounds', edited(['properties.count.minimum', -1], ['properties.count.maximum', undefined])],
    ['a dropped const', edited(['properties.kind.const', undefined])],
    ['additionalProperties opened', edited(['additionalProperties', true])],
    [
      'a map value widened',
      edited(['properties.labels.additionalProperties', { type: ['string', 'number'] }]),
    ],
  ])('accepts %s', (_, next) => {
    expect(checkSchemaCompatibility(alert, next)).toEqual({ compatible: true, breaks: [] });
  });
});

describe('checkSchemaCompatibility: breaking edits', () => {
  it.each<[string, unknown, SchemaBreakRule, string]>([
    [
      'a new required property',
      edited(['properties.note', { type: 'string' }], ['required', [...alert.required, 'note']]),
      'required-added',
      '$.note',
    ],
    [
      'an optional property made required',
      edited(['required', [...alert.required, 'count']]),
      'required-added',
      '$.count',
    ],
    ['a property removed', edited(['properties.count', undefined]), 'property-removed', '$.count'],
    [
      'a nested property removed',
      edited(['properties.details.properties.code', undefined]),
      'property-removed',
      '$.details.code',
    ],
    ['a type changed', edited(['properties.alertId.type', 'integer']), 'type-narrowed', '$.alertId'],
    [
      'number narrowed to integer',
      edited(['properties.weight.type', 'integer']),
      'type-narrowed',
      '$.weight',
    ],
    [
      'a type added where there was none',
      edited(['properties.kind.type', 'string']),
      'type-narrowed',
      '$.kind',
    ],
    [
      'an enum value removed',
      edited(['properties.severity.enum', ['info', 'warning']]),
      'enum-narrowed',
      '$.severity',
    ],
    ['an enum added', edited(['properties.alertId.enum', ['a']]), 'enum-narrowed', '$.alertId'],
    ['a const changed', edited(['properties.kind.const', 'cycle_stalled']), 'const-changed', '$.kind'],
    ['a const added', edited(['properties.alertId.const', 'a']), 'const-changed', '$.alertId'],
    [
      'additionalProperties closed',
      edited(['properties.details.additionalProperties', false]),
      'additional-properties-tightened',
      '$.details',
    ],
    [
      'additionalProperties given a schema',
      edited(['properties.details.additionalProperties', { type: 'string' }]),
      'additional-properties-tightened',
      '$.details',
    ],
    [
      'a map value narrowed',
      edited(['properties.labels.additionalProperties', { type: 'boolean' }]),
      'type-narrowed',
      '$.labels.*',
    ],
    ['a raised minimum', edited(['properties.count.minimum', 1]), 'constraint-tightened', '$.count'],
    [
      'a lowered maxLength',
      edited(['properties.tags.items.maxLength', 10]),
      'constraint-tightened',
      '$.tags[]',
    ],
    ['a new pattern', edited(['properties.alertId.pattern', '^a']), 'constraint-tightened', '$.alertId'],
    ['a new format', edited(['properties.alertId.format', 'uuid']), 'constraint-tightened', '$.alertId'],
    [
      'a changed combinator',
      edited(['properties.cause.oneOf', [{ type: 'string' }]]),
      'unverifiable-change',
      '$.cause',
    ],
  ])('flags %s', (_, next, rule, path) => {
    const report = checkSchemaCompatibility(alert, next);

    expect(report.compatible).toBe(false);
    expect(report.breaks).toEqual([expect.objectContaining({ rule, path, message: expect.any(String) })]);
  });

  it('reports every break of a schema at once', () => {
    const next = edited(
      ['properties.count', undefined],
      ['properties.severity.enum', ['info']],
      ['properties.tags.items.type', 'number'],
    );

    expect(rulesBroken(next).sort()).toEqual(['enum-narrowed', 'property-removed', 'type-narrowed']);
  });

  it('says what changed in words', () => {
    const next = edited(['properties.severity.enum', ['info']]);

    expect(checkSchemaCompatibility(alert, next).breaks[0].message).toBe(
      'enum values ["warning","critical"] were removed',
    );
  });

  it('treats boolean schemas as what they accept', () => {
    expect(checkSchemaCompatibility(true, { type: 'string' }).compatible).toBe(false);
    expect(checkSchemaCompatibility({ type: 'string' }, true).compatible).toBe(true);
    expect(checkSchemaCompatibility({ type: 'string' }, false).compatible).toBe(false);
  });
});
