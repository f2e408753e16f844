/*
 * Whether a new OpenAPI document keeps every promise an older one made to clients. Breaking, and so
 * only allowed in a new major API version (acceptance 40): a path or operation removed, a parameter
 * removed or newly required, a request body property newly required or removed, a response property
 * removed, a property's type changed, an operation id changed.
 */

type Json = Record<string, unknown>;

interface Document {
  info: { version: string };
  paths: Record<string, Record<string, Json>>;
  components?: { schemas?: Record<string, Json> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

export function majorVersion(document: { info: { version: string } }): number {
  return Number(document.info.version.split('.')[0]);
}

/** Every incompatibility of `next` with `previous`, in words; empty when clients of `previous` keep working. */
export function breakingChanges(previous: Document, next: Document): string[] {
  const problems: string[] = [];
  for (const [path, operations] of Object.entries(previous.paths)) {
    const nextOperations = next.paths[path];
    if (!nextOperations) {
      problems.push(`path ${path} removed`);
      continue;
    }
    for (const method of METHODS.filter((name) => operations[name])) {
      const where = `${method.toUpperCase()} ${path}`;
      const before = operations[method];
      const after = nextOperations[method];
      if (!after) {
        problems.push(`${where} removed`);
        continue;
      }
      if (before.operationId !== after.operationId)
        problems.push(
          `${where}: operationId ${String(before.operationId)} became ${String(after.operationId)}`,
        );
      problems.push(...parameterChanges(where, before, after));
      problems.push(
        ...schemaChanges(
          `${where} request`,
          requestSchema(previous, before),
          requestSchema(next, after),
          'request',
        ),
      );
      problems.push(
        ...schemaChanges(
          `${where} response`,
          responseSchema(previous, before),
          responseSchema(next, after),
          'response',
        ),
      );
    }
  }
  return problems;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

function parameterChanges(where: string, before: Json, after: Json): string[] {
  const key = (parameter: Parameter) => `${parameter.in}:${parameter.name}`;
  const old = new Map(
    ((before.parameters ?? []) as Parameter[]).map((parameter) => [key(parameter), parameter]),
  );
  const current = new Map(
    ((after.parameters ?? []) as Parameter[]).map((parameter) => [key(parameter), parameter]),
  );
  const problems: string[] = [];
  for (const name of old.keys()) if (!current.has(name)) problems.push(`${where}: parameter ${name} removed`);
  for (const [name, parameter] of current)
    if (parameter.required && !old.get(name)?.required)
      problems.push(`${where}: parameter ${name} is now required`);
  return problems;
}

function requestSchema(document: Document, operation: Json): Json | undefined {
  const content = (operation.requestBody as { content?: Record<string, { schema?: Json }> } | undefined)
    ?.content;
  return resolve(document, content && Object.values(content)[0]?.schema);
}

function responseSchema(document: Document, operation: Json): Json | undefined {
  const responses = (operation.responses ?? {}) as Record<
    string,
    { content?: Record<string, { schema?: Json }> }
  >;
  const success = Object.entries(responses).find(([status]) => status.startsWith('2'))?.[1];
  return resolve(document, success?.content && Object.values(success.content)[0]?.schema);
}

function resolve(document: Document, schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  return resolve(document, document.components?.schemas?.[ref.replace('#/components/schemas/', '')]);
}

/** Requests may not ask for more, responses may not give less; no property may change type. */
function schemaChanges(
  where: string,
  before: Json | undefined,
  after: Json | undefined,
  side: 'request' | 'response',
): string[] {
  if (!before) return [];
  if (!after) return [`${where}: body schema removed`];
  const problems: string[] = [];
  const oldProperties = (before.properties ?? {}) as Record<string, Json>;
  const newProperties = (after.properties ?? {}) as Record<string, Json>;
  const oldRequired = new Set((before.required ?? []) as string[]);
  const newRequired = new Set((after.required ?? []) as string[]);
  for (const [name, property] of Object.entries(oldProperties)) {
    const current = newProperties[name];
    if (!current) {
      problems.push(`${where}: property ${name} removed`);
      continue;
    }
    if (property.type !== current.type)
      problems.push(
        `${where}: property ${name} changed type from ${String(property.type)} to ${String(current.type)}`,
      );
  }
  if (side === 'request')
    for (const name of newRequired)
      if (!oldRequired.has(name)) problems.push(`${where}: property ${name} is now required`);
  if (side === 'response')
    for (const name of oldRequired)
      if (!newRequired.has(name)) problems.push(`${where}: property ${name} is no longer always present`);
  return problems;
}
