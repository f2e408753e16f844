import { ALL_CONTRACTS } from './catalogue';
import { defineEvent } from './define-event';
import { readSnapshots, snapshotFindings, snapshotOf } from './schema-snapshots';

// The guard itself: every registered contract matches its checked-in snapshot, and nothing else is snapshotted.
describe('schema snapshots of the catalogue', () => {
  it('match every registered contract exactly', () => {
    expect(snapshotFindings(ALL_CONTRACTS, readSnapshots()).map((finding) => finding.message)).toEqual([]);
  });
});

const published = defineEvent({
  context: 'test',
  name: 'ParcelShipped',
  version: 1,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['parcelId'],
    properties: { parcelId: { type: 'string' }, carrier: { type: 'string', enum: ['post', 'courier'] } },
  },
  example: { parcelId: 'p-1' },
});
const snapshots = new Map([[published.type, snapshotOf(published)]]);

function changed(schema: typeof published.schema) {
  return defineEvent({ ...published, schema });
}

describe('snapshotFindings', () => {
  it('finds nothing when contracts and snapshots agree', () => {
    expect(snapshotFindings([published], snapshots)).toEqual([]);
  });

  it('asks to run the snapshot command for a contract without a snapshot', () => {
    expect(snapshotFindings([published], new Map())).toEqual([
      expect.objectContaining({
        type: 'fai.test.parcel-shipped.v1',
        kind: 'missing',
        message: expect.stringContaining('npm run contracts:snapshot -w @fai/contracts'),
      }),
    ]);
  });

  it('flags a snapshot whose contract was removed', () => {
    expect(snapshotFindings([], snapshots)).toEqual([
      expect.objectContaining({
        type: published.type,
        kind: 'orphaned',
        message: expect.stringContaining('has no registered contract'),
      }),
    ]);
  });

  it('asks to refresh the snapshot after a backward-compatible change', () => {
    const widened = changed({
      ...published.schema,
      properties: {
        ...published.schema.properties,
        carrier: { type: 'string', enum: ['post', 'courier', 'drone'] },
      },
    });

    expect(snapshotFindings([widened], snapshots)).toEqual([
      expect.objectContaining({
        kind: 'compatible-change',
        message: expect.stringContaining('refresh the snapshot'),
        breaks: [],
      }),
    ]);
  });

  it('asks for a new version after an incompatible change, naming each break', () => {
    const narrowed = changed({ ...published.schema, required: ['parcelId', 'carrier'] });
    const [finding] = snapshotFindings([narrowed], snapshots);

    expect(finding).toMatchObject({
      kind: 'incompatible-change',
      breaks: [{ rule: 'required-added', path: 'data:$.carrier' }],
    });
    expect(finding.message).toContain('required-added at data:$.carrier');
    expect(finding.message).toContain('define version 2 of ParcelShipped with an upcaster');
  });
});
