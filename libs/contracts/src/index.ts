export * from './errors';
export * from './envelope';
export * from './contract-errors';
export {
  assertValidContract,
  defineCommand,
  defineEvent,
  isContract,
  type AnyCommandContract,
  type AnyContract,
  type AnyEventContract,
  type CommandContract,
  type CommandReply,
  type CommandRequest,
  type CommandSpec,
  type ContractSchema,
  type EventContract,
  type EventData,
  type EventSpec,
  type JsonSchema,
  type Upcaster,
} from './define-event';
export * from './contract-registry';
export * from './schema-compatibility';
export * from './asyncapi';
export * from './catalogue';
export * from './platform';
export * from './scheduler';
export * from './ingest';
export * from './extraction';
export * from './validation';
export * from './reporting';
export * from './approval';
