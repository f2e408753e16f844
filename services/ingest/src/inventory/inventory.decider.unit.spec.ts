import { deciderSpecification } from '@fai/decider/testing';
import { InventoryNotFoundError } from '../artefacts/intake-errors';
import { CYCLE, PORTFOLIO, RUN } from '../test/scheduler-facts.fixture';
import {
  inventoryDecider,
  inventoryReport,
  type ArtefactFacts,
  type InventoryCommand,
  type InventoryEvent,
} from './inventory.decider';

const spec = deciderSpecification(inventoryDecider);
const now = new Date('2026-11-04T09:00:00.000Z');
const at = now.toISOString();
const run = { portfolioId: PORTFOLIO, cycleId: CYCLE, runId: RUN };

const expected = [
  { fundId: 'fund-7', artefactType: 'nport', required: true },
  { fundId: 'fund-8', artefactType: 'nport', required: true },
  { fundId: 'fund-7', artefactType: 'factsheet', required: false },
];

const opened: InventoryEvent = { type: 'InventoryOpened', data: { ...run, period: '2026-10', expected, at } };

let counter = 0;
function artefact(
  fundId: string | undefined,
  documentType: ArtefactFacts['documentType'],
  period?: string,
  version = 1,
): ArtefactFacts {
  counter += 1;
  const hex = counter.toString(16).padStart(64, '0');
  return {
    artefactId: `art-${counter}`,
    sha256: hex,
    ...(fundId ? { fundId } : {}),
    documentType,
    ...(period ? { period } : {}),
    version,
  };
}

const record = (facts: ArtefactFacts, intakeId = `intake-${facts.artefactId}`): InventoryCommand => ({
  type: 'RecordArtefact',
  data: { runId: RUN, intakeId, artefact: facts },
  metadata: { now },
});
const cutOff: InventoryCommand = { type: 'CutOffInventory', data: { runId: RUN }, metadata: { now } };
const proceed: InventoryCommand = { type: 'ProceedWithoutMissing', data: { runId: RUN }, metadata: { now } };

/** History after `commands`, each decided on the history before it. */
function after(commands: InventoryCommand[], given: InventoryEvent[] = [opened]): InventoryEvent[] {
  return commands.reduce(
    (history, command) => [...history, ...spec.given(history).when(command).thenEvents()],
    given,
  );
}

const assessments = (events: InventoryEvent[]) =>
  events.filter((event) => event.type === 'InventoryArtefactReceived').map((event) => event.data.assessment);

describe('inventory decider', () => {
  it('opens with the expected artefacts and waits for them', () => {
    spec
      .given([])
      .when({
        type: 'OpenInventory',
        data: { ...run, period: '2026-10', expected, carriedOver: [] },
        metadata: { now },
      })
      .then([opened]);
  });

  it('opens only once', () => {
    spec
      .given([opened])
      .when({
        type: 'OpenInventory',
        data: { ...run, period: '2026-10', expected, carriedOver: [] },
        metadata: { now },
      })
      .then([]);
  });

  it('records a fresh artefact with its coverage note, and completes once every required artefact is present', () => {
    const first = artefact('fund-7', 'nport', '2026-10');
    const given = after([record(first)]);
    expect(given.at(-1)).toEqual({
      type: 'InventoryArtefactReceived',
      data: {
        ...run,
        artefactId: first.artefactId,
        intakeId: `intake-${first.artefactId}`,
        sha256: first.sha256,
        fundId: 'fund-7',
        documentType: 'nport',
        period: '2026-10',
        version: 1,
        assessment: 'fresh',
        note: 'nport of fund-7 for 2026-10 received',
        at,
      },
    });
    const second = spec
      .given(given)
      .when(record(artefact('fund-8', 'nport', '2026-10')))
      .thenEvents();
    expect(second.map((event) => event.type)).toEqual(['InventoryArtefactReceived', 'InventoryCompleted']);
    expect(second[1]).toEqual({ type: 'InventoryCompleted', data: { ...run, at } });
  });

  it('completes only once, however many artefacts arrive later', () => {
    const given = after([
      record(artefact('fund-7', 'nport', '2026-10')),
      record(artefact('fund-8', 'nport', '2026-10')),
    ]);
    const late = spec
      .given(given)
      .when(record(artefact('fund-7', 'factsheet', '2026-10')))
      .thenEvents();
    expect(late.map((event) => event.type)).toEqual(['InventoryArtefactReceived']);
  });

  it('does not count a stale document (period before the cycle), a duplicate, or an unexpected one', () => {
    const nport7 = artefact('fund-7', 'nport', '2026-10');
    const events = after([
      record(artefact('fund-8', 'nport', '2026-08')),
      record(nport7),
      record(nport7, 'intake-again'),
      record(artefact('fund-8', 'kiid', '2026-10')),
      record(artefact(undefined, 'unknown')),
    ]);
    expect(assessments(events)).toEqual(['stale', 'fresh', 'duplicate', 'unexpected', 'unrecognised']);
    expect(events.some((event) => event.type === 'InventoryCompleted')).toBe(false);
  });

  it('lets a new version replace the one received before, and counts an undated document', () => {
    const v1 = artefact('fund-7', 'nport', '2026-10');
    const events = after([
      record(v1),
      record(artefact('fund-7', 'nport', '2026-10', 2)),
      record(artefact('fund-8', 'nport')),
    ]);
    expect(assessments(events)).toEqual(['fresh', 'superseding', 'undated']);
    const superseding = events.find(
      (event) => event.type === 'InventoryArtefactReceived' && event.data.assessment === 'superseding',
    );
    expect(superseding?.data).toMatchObject({ replacesArtefactId: v1.artefactId, version: 2 });
    expect(events.at(-1)?.type).toBe('InventoryCompleted');
  });

  it('raises ArtefactMissing at cut-off for each required artefact still missing, once, naming a stale version', () => {
    const stale = artefact('fund-8', 'nport', '2026-09');
    const given = after([record(artefact('fund-7', 'nport', '2026-10')), record(stale)]);
    spec
      .given(given)
      .when(cutOff)
      .then([
        {
          type: 'ArtefactMissing',
          data: {
            ...run,
            fundId: 'fund-8',
            artefactType: 'nport',
            staleArtefactId: stale.artefactId,
            note: 'required nport of fund-8 for 2026-10 not received by cut-off; only a stale version for 2026-09 arrived',
            at,
          },
        },
      ]);
    spec
      .given(after([cutOff], given))
      .when(cutOff)
      .then([]);
  });

  it('raises nothing at cut-off when every required artefact is there', () => {
    const given = after([
      record(artefact('fund-7', 'nport', '2026-10')),
      record(artefact('fund-8', 'nport', '2026-10')),
    ]);
    spec.given(given).when(cutOff).then([]);
  });

  it('completes when an operator proceeds without the missing artefacts, once', () => {
    const given = after([cutOff]);
    spec
      .given(given)
      .when(proceed)
      .then([{ type: 'InventoryCompleted', data: { ...run, at } }]);
    spec
      .given(after([proceed], given))
      .when(proceed)
      .then([]);
  });

  it('completes at once when a rerun carries over everything required', () => {
    const events = spec
      .given([])
      .when({
        type: 'OpenInventory',
        data: {
          ...run,
          period: '2026-10',
          expected,
          carriedOver: [artefact('fund-7', 'nport', '2026-10'), artefact('fund-8', 'nport', '2026-10')],
        },
        metadata: { now },
      })
      .thenEvents();
    expect(events.map((event) => event.type)).toEqual([
      'InventoryOpened',
      'InventoryArtefactReceived',
      'InventoryArtefactReceived',
      'InventoryCompleted',
    ]);
    expect(events[1].data).toMatchObject({ carriedOver: true, assessment: 'fresh' });
  });

  it('refuses to record into a run that has no inventory', () => {
    spec
      .given([])
      .when(record(artefact('fund-7', 'nport', '2026-10')))
      .thenThrows(InventoryNotFoundError, { code: 'INVENTORY_NOT_FOUND' });
  });
});

describe('inventoryReport', () => {
  it('lists expected against received with coverage notes on what is missing, stale or duplicated', () => {
    const nport7 = artefact('fund-7', 'nport', '2026-10');
    const stale = artefact('fund-8', 'nport', '2026-09');
    const events = after([record(nport7), record(nport7, 'again'), record(stale)]);
    const state = events.reduce(inventoryDecider.evolve, inventoryDecider.initialState());
    expect(inventoryReport(state)).toEqual({
      ...run,
      period: '2026-10',
      status: 'collecting',
      expected: [
        {
          fundId: 'fund-7',
          artefactType: 'nport',
          required: true,
          status: 'received',
          artefactId: nport7.artefactId,
        },
        {
          fundId: 'fund-8',
          artefactType: 'nport',
          required: true,
          status: 'stale',
          artefactId: stale.artefactId,
        },
        { fundId: 'fund-7', artefactType: 'factsheet', required: false, status: 'missing' },
      ],
      received: [
        {
          artefactId: nport7.artefactId,
          fundId: 'fund-7',
          documentType: 'nport',
          period: '2026-10',
          assessment: 'fresh',
          note: 'nport of fund-7 for 2026-10 received',
        },
        {
          artefactId: nport7.artefactId,
          fundId: 'fund-7',
          documentType: 'nport',
          period: '2026-10',
          assessment: 'duplicate',
          note: `nport of fund-7 received again (the same bytes as ${nport7.artefactId})`,
        },
        {
          artefactId: stale.artefactId,
          fundId: 'fund-8',
          documentType: 'nport',
          period: '2026-09',
          assessment: 'stale',
          note: "nport of fund-8 reports on 2026-09, before the cycle's period 2026-10: stale, does not count",
        },
      ],
      notes: [
        'required nport of fund-8 for 2026-10 is only present in a stale version',
        'optional factsheet of fund-7 for 2026-10 is missing',
        `nport of fund-7 received again (the same bytes as ${nport7.artefactId})`,
        "nport of fund-8 reports on 2026-09, before the cycle's period 2026-10: stale, does not count",
      ],
    });
    expect(inventoryReport(inventoryDecider.initialState())).toBeUndefined();
  });
});
