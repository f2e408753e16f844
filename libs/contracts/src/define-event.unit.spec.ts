import { FaiError } from './errors';
import { defineCommand, defineEvent, isContract } from './define-event';

const openSchema = { type: 'object', additionalProperties: false, properties: {} } as const;

describe('defineEvent', () => {
  it('names the type and subject fai.<context>.<kebab-name>.v<version>', () => {
    const contract = defineEvent({
      context: 'scheduler',
      name: 'CycleOpened',
      version: 1,
      schema: openSchema,
      example: {},
    });

    expect(contract).toMatchObject({
      kind: 'event',
      type: 'fai.scheduler.cycle-opened.v1',
      subject: 'fai.scheduler.cycle-opened.v1',
    });
    expect(isContract(contract)).toBe(true);
  });

  it.each([
    [{ context: 'Scheduler' }, 'context "Scheduler" must be lower kebab-case'],
    [{ name: 'cycle_opened' }, 'name "cycle_opened" must be PascalCase'],
    [{ version: 0 }, 'version 0 must be an integer from 1 up'],
    [{ version: 1.5 }, 'version 1.5 must be an integer from 1 up'],
  ])('refuses an identity that breaks the naming rules: %j', (override, problem) => {
    const define = () =>
      defineEvent({
        context: 'scheduler',
        name: 'CycleOpened',
        version: 1,
        schema: openSchema,
        example: {},
        ...override,
      });

    expect(define).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONTRACT',
        details: expect.objectContaining({ problems: [problem] }),
      }),
    );
  });

  it('refuses an object schema, however deep, that leaves additionalProperties unstated', () => {
    const define = () =>
      defineEvent({
        context: 'test',
        name: 'ThingHappened',
        version: 1,
        schema: {
          type: 'object',
          additionalProperties: false,
          properties: { items: { type: 'array', items: { type: 'object', properties: {} } } },
        },
        example: {},
      });

    expect(define).toThrow(FaiError);
    expect(define).toThrow(
      'schema.properties.items.items is an object schema without an explicit additionalProperties',
    );
  });

  it('requires every version after the first to upcast from the version just before it', () => {
    const base = { context: 'test', name: 'ThingHappened', schema: openSchema, example: {} };

    expect(() => defineEvent({ ...base, version: 2 })).toThrow('version 2 must declare upcastFrom version 1');
    expect(() =>
      defineEvent({ ...base, version: 3, upcastFrom: { version: 1, upcast: () => ({}) } }),
    ).toThrow('version 3 must declare upcastFrom version 2');
    expect(() =>
      defineEvent({ ...base, version: 1, upcastFrom: { version: 0, upcast: () => ({}) } }),
    ).toThrow('version 1 has nothing to upcast from');
    expect(defineEvent({ ...base, version: 2, upcastFrom: { version: 1, upcast: () => ({}) } }).version).toBe(
      2,
    );
  });
});

describe('defineCommand', () => {
  it('answers on fai-cmd.<context>.<kebab-name>.v<version>', () => {
    const contract = defineCommand({
      context: 'scheduler',
      name: 'OpenAdHocCycle',
      version: 2,
      requestSchema: openSchema,
      replySchema: openSchema,
      example: { request: {}, reply: {} },
    });

    expect(contract).toMatchObject({
      kind: 'command',
      type: 'fai-cmd.scheduler.open-ad-hoc-cycle.v2',
      subject: 'fai-cmd.scheduler.open-ad-hoc-cycle.v2',
    });
  });

  it('checks the reply schema as strictly as the request schema', () => {
    const define = () =>
      defineCommand({
        context: 'scheduler',
        name: 'OpenCycle',
        version: 1,
        requestSchema: openSchema,
        replySchema: {
          type: 'object',
          additionalProperties: false,
          properties: { cycle: { type: 'object' } },
        },
        example: { request: {}, reply: {} },
      });

    expect(define).toThrow(
      'replySchema.properties.cycle is an object schema without an explicit additionalProperties',
    );
  });
});

describe('isContract', () => {
  it('tells contracts from the other things a contract module exports', () => {
    expect([['a'], 'fai', null, undefined, { kind: 'event' }, class {}].some(isContract)).toBe(false);
  });
});
