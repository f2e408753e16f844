import type { ContractRegistry } from './contract-registry';
import type { AnyEventContract, JsonSchema } from './define-event';
import { dataSchemaUri, type CloudEvent } from './envelope';

export interface AsyncApiDocument {
  readonly asyncapi: '2.6.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly defaultContentType: string;
  readonly channels: Readonly<Record<string, unknown>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly messages: Readonly<Record<string, unknown>>;
  };
}

const ENVELOPE_SCHEMA_NAME = 'CloudEventEnvelope';
const STRING = { type: 'string' } as const;

// `properties` is keyed by the CloudEvent interface, so the schema cannot lose or invent an attribute.
const ENVELOPE_PROPERTIES = {
  specversion: { const: '1.0' },
  id: { type: 'string', minLength: 1, description: 'The event id; consumers deduplicate on it.' },
  source: { type: 'string', format: 'uri-reference' },
  type: { type: 'string', description: 'fai.<context>.<event-name>.v<version>, also the NATS subject.' },
  subject: STRING,
  time: { type: 'string', format: 'date-time' },
  datacontenttype: { const: 'application/json' },
  dataschema: { type: 'string', format: 'uri' },
  data: { description: 'The event data; each message narrows it to its contract schema.' },
  tenantid: STRING,
  portfolioid: STRING,
  cycleid: STRING,
  runid: STRING,
  fundid: STRING,
  correlationid: { type: 'string', minLength: 1 },
  causationid: STRING,
  traceparent: STRING,
  tracestate: STRING,
  actor: STRING,
  faiposition: { type: 'string', description: 'Position in the event store global log.' },
  faistream: STRING,
  faistreamversion: { type: 'integer', minimum: 0 },
} as const satisfies Record<keyof CloudEvent, JsonSchema>;

const ENVELOPE_SCHEMA = {
  type: 'object',
  description: 'CloudEvents 1.0 in structured mode, with the FAI extension attributes.',
  required: [
    'specversion',
    'id',
    'source',
    'type',
    'time',
    'datacontenttype',
    'dataschema',
    'correlationid',
    'data',
  ],
  properties: ENVELOPE_PROPERTIES,
  // CloudEvents lets producers add extension attributes; consumers ignore the ones they do not know.
  additionalProperties: true,
} as const satisfies JsonSchema;

/** The AsyncAPI 2.6 description of every event subject, for subscribers outside FAI. */
export function buildAsyncApi(registry: ContractRegistry): AsyncApiDocument {
  const events = registry.events();
  return {
    asyncapi: '2.6.0',
    info: {
      title: 'FAI events',
      // Each subject carries its own contract version; this one changes only with the document's layout.
      version: '1.0.0',
      description:
        'Events FAI services publish on NATS JetStream. The subject is the CloudEvents type ' +
        '`fai.<context>.<event-name>.v<version>`; a changed contract is published under a new version.',
    },
    defaultContentType: 'application/cloudevents+json',
    channels: Object.fromEntries(events.map((contract) => [contract.subject, channelOf(contract)])),
    components: {
      schemas: {
        [ENVELOPE_SCHEMA_NAME]: ENVELOPE_SCHEMA,
        ...Object.fromEntries(events.map((contract) => [componentName(contract), contract.schema])),
      },
      messages: Object.fromEntries(events.map((contract) => [componentName(contract), messageOf(contract)])),
    },
  };
}

function channelOf(contract: AnyEventContract) {
  return {
    description: `${contract.name} version ${contract.version}, published by the ${contract.context} context.`,
    subscribe: {
      operationId: `receive${componentName(contract)}`,
      message: { $ref: `#/components/messages/${componentName(contract)}` },
    },
  };
}

function messageOf(contract: AnyEventContract) {
  return {
    name: contract.type,
    title: `${contract.name} v${contract.version}`,
    ...(contract.schema.description ? { summary: contract.schema.description } : {}),
    tags: [{ name: contract.context }],
    payload: {
      allOf: [
        { $ref: `#/components/schemas/${ENVELOPE_SCHEMA_NAME}` },
        {
          type: 'object',
          required: ['type', 'dataschema', 'data'],
          properties: {
            type: { const: contract.type },
            dataschema: { const: dataSchemaUri(contract.type) },
            data: { $ref: `#/components/schemas/${componentName(contract)}` },
          },
          additionalProperties: true,
        },
      ],
    },
    examples: [{ name: 'example', payload: exampleEnvelope(contract) }],
  };
}

function exampleEnvelope(contract: AnyEventContract): CloudEvent {
  return {
    specversion: '1.0',
    id: '0b4c9f3e-5a57-4d0c-9a5e-2f0f3b7d8e11',
    source: `urn:fai:service:${contract.context}`,
    type: contract.type,
    time: '2025-01-31T09:30:00.000Z',
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(contract.type),
    correlationid: '5d2f8a61-0c3b-4f7e-8d9a-6b1e4c2a7f30',
    data: contract.example,
  };
}

/** `OperatorAlertRaisedV1`: a name code generators can turn into a type. */
function componentName(contract: AnyEventContract): string {
  return `${contract.name}V${contract.version}`;
}
