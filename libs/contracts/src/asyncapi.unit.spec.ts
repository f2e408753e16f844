import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { buildAsyncApi, type AsyncApiDocument } from './asyncapi';
import { createRegistry } from './catalogue';
import { jsonEqual } from './json-equal';
import { ASYNCAPI_FILE, SNAPSHOT_COMMAND } from './schema-snapshots';

const registry = createRegistry();
const built = buildAsyncApi(registry);

describe('asyncapi.json', () => {
  it('is what buildAsyncApi produces from the catalogue', () => {
    const checkedIn: unknown = JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    const problems = jsonEqual(checkedIn, built)
      ? []
      : [`libs/contracts/asyncapi.json is out of date: run \`${SNAPSHOT_COMMAND}\``];

    expect(problems).toEqual([]);
  });
});

describe('buildAsyncApi', () => {
  it('has one channel per event subject and none for commands', () => {
    expect(Object.keys(built.channels)).toEqual(registry.events().map((contract) => contract.subject));
  });

  // The payload is the CloudEvents envelope with the contract schema as `data`: check it with a real validator.
  describe.each(registry.events().map((contract) => [contract.type, contract] as const))(
    'message of %s',
    (_, contract) => {
      const name = `${contract.name}V${contract.version}`;
      const payload = payloadValidator(built, name);
      const example = (
        built.components.messages[name] as { examples: Array<{ payload: Record<string, unknown> }> }
      ).examples[0].payload;

      it('carries an example envelope the payload schema accepts', () => {
        expect(payload(example)).toBe(true);
        expect(example.data).toEqual(contract.example);
      });

      it('refuses an envelope of another type or with data the contract refuses', () => {
        expect(payload({ ...example, type: 'fai.platform.something-else.v1' })).toBe(false);
        expect(payload({ ...example, data: { unexpected: true } })).toBe(false);
        expect(payload({ ...example, time: 'yesterday' })).toBe(false);
      });
    },
  );
});

function payloadValidator(document: AsyncApiDocument, message: string) {
  // Not strict: the AsyncAPI document's own keys are not JSON Schema keywords.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, 'asyncapi.json');
  const validate = ajv.getSchema(`asyncapi.json#/components/messages/${message}/payload`);
  if (!validate) throw new Error(`no payload for ${message}`);
  return (value: unknown) => validate(value) as boolean;
}
