import { ContractRegistry } from './contract-registry';
import { defineCommand, defineEvent, type EventData } from './define-event';

// Test-only contracts: a parcel's weight, first in grams, then with a unit, then with the scale that weighed it.
const parcelId = { type: 'string', minLength: 1 } as const;

const parcelWeighedV1 = defineEvent({
  context: 'test',
  name: 'ParcelWeighed',
  version: 1,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['parcelId', 'grams'],
    properties: { parcelId, grams: { type: 'integer', minimum: 0 } },
  },
  example: { parcelId: 'p-1', grams: 1200 },
});
type ParcelWeighedV1 = EventData<typeof parcelWeighedV1>;

const weight = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'unit'],
  properties: { value: { type: 'number', minimum: 0 }, unit: { type: 'string', enum: ['g', 'kg'] } },
} as const;

const parcelWeighedV2 = defineEvent({
  context: 'test',
  name: 'ParcelWeighed',
  version: 2,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['parcelId', 'weight'],
    properties: { parcelId, weight },
  },
  example: { parcelId: 'p-1', weight: { value: 1.2, unit: 'kg' } },
  upcastFrom: {
    version: 1,
    upcast: (data) => {
      const v1 = data as ParcelWeighedV1;
      return { parcelId: v1.parcelId, weight: { value: v1.grams, unit: 'g' } };
    },
  },
});
type ParcelWeighedV2 = EventData<typeof parcelWeighedV2>;

const parcelWeighedV3 = defineEvent({
  context: 'test',
  name: 'ParcelWeighed',
  version: 3,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['parcelId', 'weight', 'scaleId'],
    properties: { parcelId, weight, scaleId: { type: 'string', minLength: 1 } },
  },
  example: { parcelId: 'p-1', weight: { value: 1.2, unit: 'kg' }, scaleId: 'scale-3' },
  upcastFrom: { version: 2, upcast: (data) => ({ ...(data as ParcelWeighedV2), scaleId: 'unknown' }) },
});

const weighParcel = defineCommand({
  context: 'test',
  name: 'WeighParcel',
  version: 1,
  requestSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['parcelId'],
    properties: { parcelId },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['accepted'],
    properties: { accepted: { type: 'boolean' } },
  },
  example: { request: { parcelId: 'p-1' }, reply: { accepted: true } },
});

const registry = () => new ContractRegistry([parcelWeighedV3, parcelWeighedV1, parcelWeighedV2, weighParcel]);

describe('ContractRegistry lookups', () => {
  it('finds a contract by type, by (name, version) and the latest version of a name', () => {
    const contracts = registry();

    expect(contracts.getByType('fai.test.parcel-weighed.v2')).toBe(parcelWeighedV2);
    expect(contracts.get('ParcelWeighed', 1)).toBe(parcelWeighedV1);
    expect(contracts.latest('ParcelWeighed')).toBe(parcelWeighedV3);
    expect(contracts.get('WeighParcel', 1)).toBe(weighParcel);
    expect(contracts.all().map((contract) => contract.type)).toEqual([
      'fai-cmd.test.weigh-parcel.v1',
      'fai.test.parcel-weighed.v1',
      'fai.test.parcel-weighed.v2',
      'fai.test.parcel-weighed.v3',
    ]);
    expect(contracts.events()).toEqual([parcelWeighedV1, parcelWeighedV2, parcelWeighedV3]);
  });

  it.each([
    [
      'an unknown type',
      (r: ContractRegistry) => r.getByType('fai.test.parcel-lost.v1'),
      'fai.test.parcel-lost.v1',
    ],
    ['an unknown name', (r: ContractRegistry) => r.latest('ParcelLost'), 'ParcelLost'],
    ['an unknown version', (r: ContractRegistry) => r.get('ParcelWeighed', 4), 'ParcelWeighed v4'],
    [
      'an unknown version to validate',
      (r: ContractRegistry) => r.validate('ParcelWeighed', 9, {}),
      'ParcelWeighed v9',
    ],
    [
      'an unknown version to decode',
      (r: ContractRegistry) => r.decode('ParcelWeighed', 0, {}),
      'ParcelWeighed v0',
    ],
    [
      'a command validated as an event',
      (r: ContractRegistry) => r.validate('WeighParcel', 1, {}),
      'WeighParcel v1',
    ],
    [
      'an event validated as a command',
      (r: ContractRegistry) => r.validateRequest('ParcelWeighed', 1, {}),
      'ParcelWeighed v1',
    ],
  ])('throws UNKNOWN_CONTRACT for %s', (_, lookUp, contract) => {
    expect(() => lookUp(registry())).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_CONTRACT',
        details: expect.objectContaining({ contract }),
        hint: expect.any(String),
      }),
    );
  });

  it('refuses a type registered twice', () => {
    expect(() => registry().register(parcelWeighedV2)).toThrow(
      expect.objectContaining({
        code: 'DUPLICATE_CONTRACT',
        message: expect.stringContaining('fai.test.parcel-weighed.v2'),
      }),
    );
  });

  it('refuses a name already owned by another context or kind', () => {
    const stranger = defineEvent({ ...parcelWeighedV1, context: 'elsewhere', version: 1 });
    const commandNamedLikeEvent = defineCommand({ ...weighParcel, name: 'ParcelWeighed', version: 4 });

    expect(() => registry().register(stranger)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CONTRACT' }),
    );
    expect(() => registry().register(commandNamedLikeEvent)).toThrow('the name ParcelWeighed belongs to');
  });

  it('refuses a schema ajv cannot compile in strict mode', () => {
    const typo = defineEvent({
      context: 'test',
      name: 'ParcelLost',
      version: 1,
      schema: { type: 'object', additionalProperties: false, required: ['parcelId'], properties: {} },
      example: {} as never,
    });

    expect(() => new ContractRegistry([typo])).toThrow(expect.objectContaining({ code: 'INVALID_CONTRACT' }));
  });

  it('refuses a schema the JSON Schema meta-schema refuses, in every registry of the process', () => {
    const numericDescription = defineEvent({
      context: 'test',
      name: 'ParcelMislabelled',
      version: 1,
      schema: { type: 'object', additionalProperties: false, properties: {}, description: 5 } as never,
      example: {} as never,
    });

    // Registries share one ajv, which keeps a schema before checking it: refused once, refused again.
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => new ContractRegistry([numericDescription])).toThrow(
        expect.objectContaining({ code: 'INVALID_CONTRACT' }),
      );
    }
  });
});

describe('ContractRegistry.validate', () => {
  it('returns data that matches the version asked for', () => {
    const data = { parcelId: 'p-9', grams: 40 };

    expect(registry().validate('ParcelWeighed', 1, data)).toBe(data);
  });

  it('throws CONTRACT_VIOLATION listing every ajv error, with a hint', () => {
    const violate = () => registry().validate('ParcelWeighed', 1, { parcelId: '', grams: -1, extra: true });

    expect(violate).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_VIOLATION',
        hint: expect.stringContaining('libs/contracts/schemas/fai.test.parcel-weighed.v1.json'),
        details: expect.objectContaining({
          type: 'fai.test.parcel-weighed.v1',
          part: 'data',
          errors: expect.arrayContaining([
            expect.objectContaining({ instancePath: '/parcelId', keyword: 'minLength' }),
            expect.objectContaining({ instancePath: '/grams', keyword: 'minimum' }),
            expect.objectContaining({
              keyword: 'additionalProperties',
              params: { additionalProperty: 'extra' },
            }),
          ]),
        }),
      }),
    );
  });

  it('validates command requests and replies against their own schemas', () => {
    const contracts = registry();

    expect(contracts.validateRequest('WeighParcel', 1, { parcelId: 'p-1' })).toEqual({ parcelId: 'p-1' });
    expect(contracts.validateReply('WeighParcel', 1, { accepted: false })).toEqual({ accepted: false });
    expect(() => contracts.validateRequest('WeighParcel', 1, { accepted: true })).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_VIOLATION',
        details: expect.objectContaining({ part: 'request' }),
      }),
    );
    expect(() => contracts.validateReply('WeighParcel', 1, { parcelId: 'p-1' })).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_VIOLATION',
        details: expect.objectContaining({ part: 'reply' }),
      }),
    );
  });
});

describe('ContractRegistry.decode', () => {
  it('upcasts old data step by step to the latest version', () => {
    const decoded = registry().decode('ParcelWeighed', 1, { parcelId: 'p-1', grams: 1500 });

    expect(decoded.contract).toBe(parcelWeighedV3);
    expect(decoded.data).toEqual({ parcelId: 'p-1', weight: { value: 1500, unit: 'g' }, scaleId: 'unknown' });
  });

  it('returns data of the latest version as it is', () => {
    const data = { parcelId: 'p-1', weight: { value: 2, unit: 'kg' }, scaleId: 'scale-1' };

    expect(registry().decode('ParcelWeighed', 3, data)).toEqual({ contract: parcelWeighedV3, data });
  });

  it('validates the data against its own version before upcasting', () => {
    const decode = () =>
      registry().decode('ParcelWeighed', 1, { parcelId: 'p-1', weight: { value: 2, unit: 'kg' } });

    expect(decode).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_VIOLATION',
        details: expect.objectContaining({ type: 'fai.test.parcel-weighed.v1' }),
      }),
    );
  });

  it('validates what each upcaster returns and points at the faulty upcaster', () => {
    const brokenV2 = defineEvent({
      ...parcelWeighedV2,
      upcastFrom: {
        version: 1,
        upcast: (data) => ({ parcelId: (data as ParcelWeighedV1).parcelId }) as ParcelWeighedV2,
      },
    });
    const contracts = new ContractRegistry([parcelWeighedV1, brokenV2, parcelWeighedV3]);

    expect(() => contracts.decode('ParcelWeighed', 1, { parcelId: 'p-1', grams: 3 })).toThrow(
      expect.objectContaining({
        code: 'CONTRACT_VIOLATION',
        hint: expect.stringContaining('upcaster of fai.test.parcel-weighed.v2'),
        details: expect.objectContaining({ type: 'fai.test.parcel-weighed.v2' }),
      }),
    );
  });

  it('cannot skip a version that is not registered', () => {
    const contracts = new ContractRegistry([parcelWeighedV1, parcelWeighedV3]);

    expect(() => contracts.decode('ParcelWeighed', 1, { parcelId: 'p-1', grams: 3 })).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_CONTRACT',
        details: expect.objectContaining({ contract: 'ParcelWeighed v2' }),
      }),
    );
  });
});
