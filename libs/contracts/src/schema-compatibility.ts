import { jsonEqual } from './json-equal';

/*
 * Backward compatibility of JSON Schemas, decided structurally: a new schema is compatible with
 * the previous one when it accepts all data the previous one accepted and still declares every
 * property it declared. Anything this checker cannot prove (combinators, references) counts as a break.
 */

export type SchemaBreakRule =
  | 'required-added'
  | 'property-removed'
  | 'type-narrowed'
  | 'enum-narrowed'
  | 'const-changed'
  | 'additional-properties-tightened'
  | 'constraint-tightened'
  | 'unverifiable-change';

export interface SchemaBreak {
  readonly rule: SchemaBreakRule;
  /** Where in the data, e.g. `$.subject.cycleId` or `$.items[]`. */
  readonly path: string;
  readonly message: string;
}

export interface CompatibilityReport {
  readonly compatible: boolean;
  readonly breaks: readonly SchemaBreak[];
}

type SchemaNode = Readonly<Record<string, unknown>>;

export function checkSchemaCompatibility(previous: unknown, next: unknown): CompatibilityReport {
  const breaks = compareNodes(asNode(previous), asNode(next), '$');
  return { compatible: breaks.length === 0, breaks };
}

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const EXACT_CONSTRAINTS = ['pattern', 'format', 'multipleOf', 'uniqueItems'];
// Keywords whose effect depends on other schemas; only an unchanged value is provably compatible.
const OPAQUE_KEYWORDS = [
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'definitions',
  'dependencies',
  'patternProperties',
  'propertyNames',
  'contains',
  'additionalItems',
];

function compareNodes(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  return [
    ...typeBreaks(previous, next, path),
    ...constBreaks(previous, next, path),
    ...enumBreaks(previous, next, path),
    ...constraintBreaks(previous, next, path),
    ...opaqueBreaks(previous, next, path),
    ...requiredBreaks(previous, next, path),
    ...propertyBreaks(previous, next, path),
    ...additionalPropertiesBreaks(previous, next, path),
    ...itemsBreaks(previous, next, path),
  ];
}

function typeBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  const before = typesOf(previous);
  const after = typesOf(next);
  if (after === undefined) return [];
  const covered = (type: string) => after.includes(type) || (type === 'integer' && after.includes('number'));
  // No type before means any type: only an unchanged absence keeps every value acceptable.
  return before !== undefined && before.every(covered)
    ? []
    : [schemaBreak('type-narrowed', path, `type ${show(before)} became ${show(after)}`)];
}

function constBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  if (!('const' in next) || ('const' in previous && jsonEqual(previous.const, next.const))) return [];
  return [schemaBreak('const-changed', path, `const ${show(previous.const)} became ${show(next.const)}`)];
}

function enumBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  if (!Array.isArray(next.enum)) return [];
  const allowedBefore = Array.isArray(previous.enum)
    ? previous.enum
    : 'const' in previous
      ? [previous.const]
      : undefined;
  if (allowedBefore === undefined)
    return [schemaBreak('enum-narrowed', path, `an enum ${show(next.enum)} was added`)];
  const nextEnum: unknown[] = next.enum;
  const removed = allowedBefore.filter((value) => !nextEnum.some((kept) => jsonEqual(kept, value)));
  return removed.length === 0
    ? []
    : [schemaBreak('enum-narrowed', path, `enum values ${show(removed)} were removed`)];
}

function constraintBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  const tightened = (keyword: string, isTighter: (before: number, after: number) => boolean) =>
    typeof next[keyword] === 'number' &&
    (typeof previous[keyword] !== 'number' ||
      isTighter(previous[keyword] as number, next[keyword] as number));
  const keywords = [
    ...LOWER_BOUNDS.filter((keyword) => tightened(keyword, (before, after) => after > before)),
    ...UPPER_BOUNDS.filter((keyword) => tightened(keyword, (before, after) => after < before)),
    ...EXACT_CONSTRAINTS.filter((keyword) => keyword in next && !jsonEqual(previous[keyword], next[keyword])),
  ];
  return keywords.map((keyword) =>
    schemaBreak(
      'constraint-tightened',
      path,
      `${keyword} ${show(previous[keyword])} became ${show(next[keyword])}`,
    ),
  );
}

function opaqueBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  return OPAQUE_KEYWORDS.filter((keyword) => !jsonEqual(previous[keyword], next[keyword])).map((keyword) =>
    schemaBreak('unverifiable-change', path, `${keyword} changed and its compatibility cannot be proven`),
  );
}

function requiredBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  const before = stringsOf(previous.required);
  return stringsOf(next.required)
    .filter((name) => !before.includes(name))
    .map((name) => schemaBreak('required-added', join(path, name), `property "${name}" became required`));
}

function propertyBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  const after = propertiesOf(next);
  return Object.entries(propertiesOf(previous)).flatMap(([name, schema]) =>
    name in after
      ? compareNodes(asNode(schema), asNode(after[name]), join(path, name))
      : [schemaBreak('property-removed', join(path, name), `property "${name}" was removed`)],
  );
}

function additionalPropertiesBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  const before = previous.additionalProperties ?? true;
  const after = next.additionalProperties ?? true;
  if (after === true || before === false || jsonEqual(before, after)) return [];
  if (before === true || after === false) {
    return [
      schemaBreak(
        'additional-properties-tightened',
        path,
        `additionalProperties ${show(before)} became ${show(after)}`,
      ),
    ];
  }
  return compareNodes(asNode(before), asNode(after), join(path, '*'));
}

function itemsBreaks(previous: SchemaNode, next: SchemaNode, path: string): SchemaBreak[] {
  if (next.items === undefined) return [];
  if (Array.isArray(previous.items) || Array.isArray(next.items)) {
    return jsonEqual(previous.items, next.items)
      ? []
      : [
          schemaBreak(
            'unverifiable-change',
            `${path}[]`,
            'tuple items changed and their compatibility cannot be proven',
          ),
        ];
  }
  return compareNodes(asNode(previous.items ?? true), asNode(next.items), `${path}[]`);
}

// Boolean schemas read as their object equivalents: true accepts anything, false nothing.
function asNode(schema: unknown): SchemaNode {
  if (schema === true || schema === undefined) return {};
  if (schema === false) return { not: {} };
  return schema as SchemaNode;
}

function typesOf(node: SchemaNode): string[] | undefined {
  if (node.type === undefined) return undefined;
  return stringsOf(Array.isArray(node.type) ? node.type : [node.type]);
}

function propertiesOf(node: SchemaNode): Readonly<Record<string, unknown>> {
  return (node.properties ?? {}) as Readonly<Record<string, unknown>>;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function join(path: string, name: string): string {
  return `${path}.${name}`;
}

function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function schemaBreak(rule: SchemaBreakRule, path: string, message: string): SchemaBreak {
  return { rule, path, message };
}
