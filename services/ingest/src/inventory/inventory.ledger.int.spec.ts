import { fold } from '@fai/decider';
import { PostgresEventStore } from '@fai/event-store';
import { createTestSchema, type TestSchema } from '@fai/testing';
import { IngestRepository } from '../infrastructure/ingest.repository';
import { CYCLE, PORTFOLIO, RUN } from '../test/scheduler-facts.fixture';
import {
  inventoryDecider,
  inventoryStreamId,
  type ArtefactFacts,
  type InventoryCommand,
  type InventoryEvent,
} from './inventory.decider';
import { InventoryLedger } from './inventory.ledger';

const now = new Date('2026-11-04T09:00:00.000Z');
// Event ids derive from the cause's key: one key per command.
const cause = (key: string) => ({ key, correlationId: key, actor: 'system:ingest' });
const expected = [{ fundId: 'fund-7', artefactType: 'nport' as const, required: true }];

function artefact(n: number): ArtefactFacts {
  return {
    artefactId: `art-${n}`,
    sha256: n.toString(16).padStart(64, '0'),
    fundId: `fund-${n}`,
    documentType: 'nav_history',
    period: '2026-10',
    version: 1,
  };
}

const open: InventoryCommand = {
  type: 'OpenInventory',
  data: { portfolioId: PORTFOLIO, cycleId: CYCLE, runId: RUN, period: '2026-10', expected, carriedOver: [] },
  metadata: { now },
};
const record = (n: number): InventoryCommand => ({
  type: 'RecordArtefact',
  data: { runId: RUN, intakeId: `intake-${n}`, artefact: artefact(n) },
  metadata: { now },
});

describe('inventory ledger on the real PostgreSQL', () => {
  let test: TestSchema;
  let store: PostgresEventStore;
  let repository: IngestRepository;

  beforeEach(async () => {
    test = await createTestSchema('inv', 4);
    store = new PostgresEventStore(test.db, { schema: test.schema });
    await store.migrate();
    repository = new IngestRepository(test.db, test.schema);
    await repository.migrate();
  });

  afterEach(async () => {
    await test.drop();
  });

  /** The state a fold of the whole stream gives: what the ledger must always load. */
  async function foldedFromScratch() {
    const events = await store.readStream(inventoryStreamId(RUN));
    return fold(
      inventoryDecider,
      events.map((event) => ({ type: event.type, data: event.data }) as InventoryEvent),
    );
  }

  it('loads what a fold of the whole stream gives, reading on from the state it kept', async () => {
    const ledger = new InventoryLedger(store, repository);
    await test.db.transaction((tx) => ledger.execute(tx, open, cause('open')));
    for (const n of [1, 2, 3])
      await test.db.transaction((tx) => ledger.execute(tx, record(n), cause(`record-${n}`)));
    // Another replica's ledger appends meanwhile: this one reads its event too.
    await test.db.transaction((tx) =>
      new InventoryLedger(store, repository).execute(tx, record(4), cause('record-4')),
    );

    const loaded = await ledger.load(RUN);
    expect(loaded.state).toEqual(await foldedFromScratch());
    expect(loaded.version).toBe(4);
  });

  it('folds the whole stream again when the state it kept came from a transaction that rolled back', async () => {
    const ledger = new InventoryLedger(store, repository);
    await test.db.transaction((tx) => ledger.execute(tx, open, cause('open')));
    await expect(
      test.db.transaction(async (tx) => {
        await ledger.execute(tx, record(1), cause('record-1'));
        throw new Error('the upload failed after its inventory was recorded');
      }),
    ).rejects.toThrow('the upload failed');
    // Version 1 is now another artefact's, appended by another replica.
    await test.db.transaction((tx) =>
      new InventoryLedger(store, repository).execute(tx, record(2), cause('record-2')),
    );

    const loaded = await ledger.load(RUN);
    expect(loaded.state).toEqual(await foldedFromScratch());
    expect(loaded.state).toMatchObject({ received: [expect.objectContaining({ artefactId: 'art-2' })] });
  });
});
