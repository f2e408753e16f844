import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { InvalidContractError } from './contract-errors';
import { commandSubject, eventTypeName } from './envelope';

/*
 * Types are derived from the schemas, never written beside them: `defineEvent` and `defineCommand`
 * infer the data type with json-schema-to-ts's `FromSchema`, so the example, the upcaster and every
 * consumer are checked at compile time against exactly what the published JSON Schema says.
 * ajv's `JSONSchemaType<T>` checks the other way round but forces `nullable: true` on optional
 * properties: that keyword is not draft-07, and ajv would then let `null` through where the
 * published schema (and every other validator) refuses it.
 */

/** Any draft-07 JSON Schema node, as written in a contract file. */
export type JsonSchema = JSONSchema;

/** The top-level schema of a contract: an object whose openness is stated, never left to the default. */
export type ContractSchema = Exclude<JSONSchema, boolean> & {
  readonly type: 'object';
  readonly additionalProperties: JSONSchema;
};

/** Turns the data of version `version` (validated against that version's schema) into this version's data. */
export interface Upcaster<TData> {
  readonly version: number;
  upcast(data: unknown): TData;
}

interface ContractIdentity {
  /** The owning service, e.g. `scheduler`. */
  readonly context: string;
  /** PascalCase: past tense for events (`CycleOpened`), imperative for commands (`OpenCycle`). */
  readonly name: string;
  readonly version: number;
  /** Unique across the registry; for events the CloudEvents type. */
  readonly type: string;
  /** The NATS subject: JetStream for events, core request/reply for commands. */
  readonly subject: string;
}

export interface EventContract<TData> extends ContractIdentity {
  readonly kind: 'event';
  readonly schema: ContractSchema;
  readonly example: TData;
  readonly upcastFrom?: Upcaster<TData>;
}

export interface CommandContract<TRequest, TReply> extends ContractIdentity {
  readonly kind: 'command';
  readonly requestSchema: ContractSchema;
  readonly replySchema: ContractSchema;
  readonly example: { readonly request: TRequest; readonly reply: TReply };
}

export type AnyEventContract = EventContract<unknown>;
export type AnyCommandContract = CommandContract<unknown, unknown>;
export type AnyContract = AnyEventContract | AnyCommandContract;

export type EventData<C> = C extends EventContract<infer TData> ? TData : never;
export type CommandRequest<C> = C extends CommandContract<infer TRequest, unknown> ? TRequest : never;
export type CommandReply<C> = C extends CommandContract<unknown, infer TReply> ? TReply : never;

interface IdentitySpec {
  context: string;
  name: string;
  version: number;
}

export interface EventSpec<S extends ContractSchema, TData> extends IdentitySpec {
  schema: S;
  example: NoInfer<TData>;
  /** Required from version 2 on, and always from the version just before: decoding upcasts step by step. */
  upcastFrom?: NoInfer<Upcaster<TData>>;
}

export interface CommandSpec<
  Req extends ContractSchema,
  Rep extends ContractSchema,
  TRequest,
  TReply,
> extends IdentitySpec {
  requestSchema: Req;
  replySchema: Rep;
  example: NoInfer<{ request: TRequest; reply: TReply }>;
}

// The data types are generic defaults computed from the schemas, and `NoInfer` keeps the example and
// the upcaster from feeding inference: the type can only come from the schema. (Leave them unset.)
export function defineEvent<const S extends ContractSchema, TData = FromSchema<S>>(
  spec: EventSpec<S, TData>,
): EventContract<TData> {
  const { context, name, version, schema, example, upcastFrom } = spec;
  const type = eventTypeName(context, name, version);
  return assertValidContract({
    kind: 'event',
    context,
    name,
    version,
    type,
    subject: type,
    schema,
    example,
    upcastFrom,
  });
}

export function defineCommand<
  const Req extends ContractSchema,
  const Rep extends ContractSchema,
  TRequest = FromSchema<Req>,
  TReply = FromSchema<Rep>,
>(spec: CommandSpec<Req, Rep, TRequest, TReply>): CommandContract<TRequest, TReply> {
  const { context, name, version, requestSchema, replySchema, example } = spec;
  const subject = commandSubject(context, name, version);
  return assertValidContract({
    kind: 'command',
    context,
    name,
    version,
    type: subject,
    subject,
    requestSchema,
    replySchema,
    example,
  });
}

export function isContract(value: unknown): value is AnyContract {
  const kind = (value as Partial<AnyContract> | null)?.kind;
  return (kind === 'event' || kind === 'command') && typeof (value as AnyContract).type === 'string';
}

/** Checks the rules every contract follows; the registry runs it too, for contracts not built by the helpers. */
export function assertValidContract<C extends AnyContract>(contract: C): C {
  const problems = [
    ...identityProblems(contract),
    ...(contract.kind === 'event'
      ? [
          ...openObjectProblems(contract.schema, 'schema'),
          ...upcasterProblems(contract.version, contract.upcastFrom),
        ]
      : [
          ...openObjectProblems(contract.requestSchema, 'requestSchema'),
          ...openObjectProblems(contract.replySchema, 'replySchema'),
        ]),
  ];
  if (problems.length > 0) throw new InvalidContractError(contract.type, problems);
  return contract;
}

function identityProblems({ context, name, version }: IdentitySpec): string[] {
  return [
    ...(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(context)
      ? []
      : [`context "${context}" must be lower kebab-case`]),
    ...(/^[A-Z][a-zA-Z0-9]*$/.test(name) ? [] : [`name "${name}" must be PascalCase`]),
    ...(Number.isInteger(version) && version >= 1 ? [] : [`version ${version} must be an integer from 1 up`]),
  ];
}

function upcasterProblems(version: number, upcastFrom: Upcaster<unknown> | undefined): string[] {
  if (version === 1) return upcastFrom ? ['version 1 has nothing to upcast from'] : [];
  if (!Number.isInteger(version) || version < 1) return []; // identityProblems reports it
  return upcastFrom?.version === version - 1
    ? []
    : [`version ${version} must declare upcastFrom version ${version - 1} so older data stays readable`];
}

// Every object schema must say whether it is open: a silent default is how a contract drifts.
function openObjectProblems(schema: JSONSchema, path: string): string[] {
  if (typeof schema === 'boolean') return [];
  const types: readonly unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const own =
    types.includes('object') && schema.additionalProperties === undefined
      ? [`${path} is an object schema without an explicit additionalProperties`]
      : [];
  return [...own, ...subschemas(schema).flatMap(([at, child]) => openObjectProblems(child, `${path}${at}`))];
}

function subschemas(schema: Exclude<JSONSchema, boolean>): Array<[string, JSONSchema]> {
  const named = (keyword: string, map: Readonly<Record<string, JSONSchema>> | undefined) =>
    Object.entries(map ?? {}).map(([key, child]): [string, JSONSchema] => [`.${keyword}.${key}`, child]);
  const listed = (keyword: string, list: readonly JSONSchema[] | undefined) =>
    (list ?? []).map((child, index): [string, JSONSchema] => [`.${keyword}[${index}]`, child]);
  const single = (keyword: string, child: JSONSchema | undefined): Array<[string, JSONSchema]> =>
    child === undefined ? [] : [[`.${keyword}`, child]];
  const items = schema.items;
  return [
    ...named('properties', schema.properties),
    ...named('patternProperties', schema.patternProperties),
    ...named('definitions', schema.definitions),
    ...single('additionalProperties', schema.additionalProperties),
    ...(isSchemaList(items) ? listed('items', items) : single('items', items)),
    ...listed('allOf', schema.allOf),
    ...listed('anyOf', schema.anyOf),
    ...listed('oneOf', schema.oneOf),
    ...single('not', schema.not),
    ...single('if', schema.if),
    ...single('then', schema.then),
    ...single('else', schema.else),
  ];
}

function isSchemaList(items: JSONSchema | readonly JSONSchema[] | undefined): items is readonly JSONSchema[] {
  return Array.isArray(items);
}
