import type {
  ArtefactMissingV1,
  ExpectedArtefact,
  InventoryArtefactReceivedV1,
  InventoryAssessment,
  InventoryCompletedV1,
  InventoryOpenedV1,
  RunInventory,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { InventoryNotFoundError } from '../artefacts/intake-errors';

/*
 * A run's input inventory, in its own stream `inventory-<runId>`: what each fund is expected to supply
 * (fixed when the run starts) against what was received, with a coverage note for every artefact.
 *
 * - An artefact counts for its expected (fund, type) when it is of the run's period (or undated);
 *   an older one is stale and does not count; the same artefact again is a duplicate; a new version
 *   of one already received replaces it.
 * - InventoryCompleted, once, when every required artefact is present (and anything was received),
 *   or when an operator proceeds without the missing ones.
 * - At cut-off, ArtefactMissing for each required artefact still missing, once each.
 */

/** An artefact as the inventory sees it. */
export interface ArtefactFacts {
  artefactId: string;
  sha256: string;
  fundId?: string;
  documentType: InventoryArtefactReceivedV1['documentType'];
  period?: string;
  version: number;
}

export type OpenInventory = Command<
  'OpenInventory',
  {
    portfolioId: string;
    cycleId: string;
    runId: string;
    period: string;
    expected: readonly ExpectedArtefact[];
    /** What the run this one replaces had received, oldest first. */
    carriedOver: readonly ArtefactFacts[];
  }
>;
export type RecordArtefact = Command<
  'RecordArtefact',
  { runId: string; intakeId: string; artefact: ArtefactFacts }
>;
/** The cut-off passed (the scheduler marked the run incomplete, or an operator says so). */
export type CutOffInventory = Command<'CutOffInventory', { runId: string }>;
/** An operator lets the run go on without the missing artefacts. */
export type ProceedWithoutMissing = Command<'ProceedWithoutMissing', { runId: string }>;

export type InventoryCommand = OpenInventory | RecordArtefact | CutOffInventory | ProceedWithoutMissing;

export type InventoryEvent =
  | Event<'InventoryOpened', InventoryOpenedV1>
  | Event<'InventoryArtefactReceived', InventoryArtefactReceivedV1>
  | Event<'InventoryCompleted', InventoryCompletedV1>
  | Event<'ArtefactMissing', ArtefactMissingV1>;

export type ReceivedArtefact = Omit<InventoryArtefactReceivedV1, 'portfolioId' | 'cycleId' | 'runId' | 'at'>;

interface Opened {
  portfolioId: string;
  cycleId: string;
  runId: string;
  period: string;
  expected: readonly ExpectedArtefact[];
  received: readonly ReceivedArtefact[];
  /** `fundId/artefactType` of every ArtefactMissing already raised. */
  reportedMissing: readonly string[];
}

export type InventoryState = { status: 'none' } | (Opened & { status: 'collecting' | 'completed' });
type OpenState = Extract<InventoryState, { status: 'collecting' | 'completed' }>;

export function inventoryStreamId(runId: string): string {
  return `inventory-${runId}`;
}

export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

function decide(command: InventoryCommand, state: InventoryState): InventoryEvent[] {
  const at = command.metadata.now.toISOString();
  switch (command.type) {
    case 'OpenInventory':
      return state.status === 'none' ? open(command, at) : [];
    case 'RecordArtefact': {
      const opened = openState(state, command.data.runId);
      return withCompletion(
        opened,
        [received(opened, command.data.artefact, at, { intakeId: command.data.intakeId })],
        at,
      );
    }
    case 'CutOffInventory':
      return missingAtCutOff(openState(state, command.data.runId), at);
    case 'ProceedWithoutMissing': {
      const opened = openState(state, command.data.runId);
      return opened.status === 'collecting' ? [completed(opened, at)] : [];
    }
    default:
      return assertNever(command, 'inventory command');
  }
}

function open({ data }: OpenInventory, at: string): InventoryEvent[] {
  const { portfolioId, cycleId, runId, period, expected } = data;
  const opening: InventoryEvent = {
    type: 'InventoryOpened',
    data: { portfolioId, cycleId, runId, period, expected: [...expected], at },
  };
  const events: InventoryEvent[] = [opening];
  let state = evolve({ status: 'none' }, opening) as OpenState;
  for (const artefact of data.carriedOver) {
    const event = received(state, artefact, at, { carriedOver: true });
    events.push(event);
    state = evolve(state, event) as OpenState;
  }
  return [...events, ...withCompletion(state, [], at)];
}

/** `events` plus InventoryCompleted when they make a collecting inventory complete. */
function withCompletion(state: OpenState, events: InventoryEvent[], at: string): InventoryEvent[] {
  const after = events.reduce(evolve, state as InventoryState) as OpenState;
  return after.status === 'collecting' && isComplete(after) ? [...events, completed(after, at)] : events;
}

function received(
  state: OpenState,
  artefact: ArtefactFacts,
  at: string,
  extra: { intakeId?: string; carriedOver?: true },
): Event<'InventoryArtefactReceived', InventoryArtefactReceivedV1> {
  const { assessment, replaces, note } = assess(state, artefact);
  const { portfolioId, cycleId, runId } = state;
  return {
    type: 'InventoryArtefactReceived',
    data: {
      portfolioId,
      cycleId,
      runId,
      artefactId: artefact.artefactId,
      ...(extra.intakeId ? { intakeId: extra.intakeId } : {}),
      sha256: artefact.sha256,
      ...(artefact.fundId ? { fundId: artefact.fundId } : {}),
      documentType: artefact.documentType,
      ...(artefact.period ? { period: artefact.period } : {}),
      version: artefact.version,
      ...(replaces ? { replacesArtefactId: replaces } : {}),
      assessment,
      ...(extra.carriedOver ? { carriedOver: true } : {}),
      note,
      at,
    },
  };
}

function completed(
  { portfolioId, cycleId, runId }: OpenState,
  at: string,
): Event<'InventoryCompleted', InventoryCompletedV1> {
  return { type: 'InventoryCompleted', data: { portfolioId, cycleId, runId, at } };
}

function missingAtCutOff(state: OpenState, at: string): InventoryEvent[] {
  const { portfolioId, cycleId, runId, period } = state;
  return state.expected
    .filter(
      (entry) =>
        entry.required && !satisfying(state, entry) && !state.reportedMissing.includes(slotKey(entry)),
    )
    .map((entry) => {
      const stale = latestStale(state, entry);
      return {
        type: 'ArtefactMissing' as const,
        data: {
          portfolioId,
          cycleId,
          runId,
          fundId: entry.fundId,
          artefactType: entry.artefactType,
          ...(stale ? { staleArtefactId: stale.artefactId } : {}),
          note: stale
            ? `required ${describe(entry)} for ${period} not received by cut-off; only a stale version for ${stale.period} arrived`
            : `required ${describe(entry)} for ${period} not received by cut-off`,
          at,
        },
      };
    });
}

/** How an arriving artefact counts in the inventory, with its coverage note. */
export function assess(
  state: Opened,
  artefact: ArtefactFacts,
): { assessment: InventoryAssessment; replaces?: string; note: string } {
  const what = `${artefact.documentType}${artefact.fundId ? ` of ${artefact.fundId}` : ''}`;
  if (artefact.documentType === 'unknown')
    return {
      assessment: 'unrecognised',
      note: `artefact ${artefact.artefactId} was not recognised: an operator must classify it`,
    };
  if (state.received.some((earlier) => earlier.artefactId === artefact.artefactId))
    return {
      assessment: 'duplicate',
      note: `${what} received again (the same bytes as ${artefact.artefactId})`,
    };
  const entry = state.expected.find(
    (candidate) => candidate.fundId === artefact.fundId && candidate.artefactType === artefact.documentType,
  );
  if (!entry) return { assessment: 'unexpected', note: `${what} is not in the expected inventory; kept` };
  if (artefact.period && artefact.period < state.period)
    return {
      assessment: 'stale',
      note: `${what} reports on ${artefact.period}, before the cycle's period ${state.period}: stale, does not count`,
    };
  const earlier = satisfying(state, entry);
  if (earlier)
    return {
      assessment: 'superseding',
      replaces: earlier.artefactId,
      note: `${what} version ${artefact.version} replaces ${earlier.artefactId} in this run`,
    };
  if (!artefact.period) return { assessment: 'undated', note: `${what} received; it states no as-of date` };
  return { assessment: 'fresh', note: `${what} for ${artefact.period} received` };
}

const COUNTING: readonly InventoryAssessment[] = ['fresh', 'undated', 'superseding'];

/** The artefact that currently fills an expected slot: the latest counting receipt for it. */
function satisfying(state: Opened, entry: ExpectedArtefact): ReceivedArtefact | undefined {
  return state.received
    .filter((receipt) => COUNTING.includes(receipt.assessment) && fills(receipt, entry))
    .at(-1);
}

function latestStale(state: Opened, entry: ExpectedArtefact): ReceivedArtefact | undefined {
  return state.received.filter((receipt) => receipt.assessment === 'stale' && fills(receipt, entry)).at(-1);
}

function fills(receipt: ReceivedArtefact, entry: ExpectedArtefact): boolean {
  return receipt.fundId === entry.fundId && receipt.documentType === entry.artefactType;
}

export function isComplete(state: Opened): boolean {
  return (
    state.received.length > 0 &&
    state.expected.every((entry) => !entry.required || !!satisfying(state, entry))
  );
}

function slotKey(entry: { fundId: string; artefactType: string }): string {
  return `${entry.fundId}/${entry.artefactType}`;
}

function describe(entry: ExpectedArtefact): string {
  return `${entry.artefactType} of ${entry.fundId}`;
}

function openState(state: InventoryState, runId: string): OpenState {
  if (state.status === 'none') throw new InventoryNotFoundError(runId);
  return state;
}

function evolve(state: InventoryState, event: InventoryEvent): InventoryState {
  if (event.type === 'InventoryOpened') {
    const { portfolioId, cycleId, runId, period, expected } = event.data;
    return {
      status: 'collecting',
      portfolioId,
      cycleId,
      runId,
      period,
      expected,
      received: [],
      reportedMissing: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InventoryArtefactReceived': {
      const { portfolioId: _p, cycleId: _c, runId: _r, at: _at, ...receipt } = event.data;
      return { ...state, received: [...state.received, receipt] };
    }
    case 'InventoryCompleted':
      return { ...state, status: 'completed' };
    case 'ArtefactMissing':
      return { ...state, reportedMissing: [...state.reportedMissing, slotKey(event.data)] };
    default:
      return assertNever(event, 'inventory event');
  }
}

/** The run's source inventory with coverage notes (spec §3 step 1, acceptance statement 8). */
export function inventoryReport(state: InventoryState): RunInventory | undefined {
  if (state.status === 'none') return undefined;
  const { portfolioId, cycleId, runId, period } = state;
  const expected = state.expected.map((entry) => {
    const present = satisfying(state, entry);
    const stale = present ? undefined : latestStale(state, entry);
    const status = present ? 'received' : stale ? 'stale' : 'missing';
    const artefactId = (present ?? stale)?.artefactId;
    return { ...entry, status, ...(artefactId ? { artefactId } : {}) } as RunInventory['expected'][number];
  });
  const notes = [
    ...expected
      .filter((entry) => entry.status !== 'received')
      .map(
        (entry) =>
          `${entry.required ? 'required' : 'optional'} ${describe(entry)} for ${period} is ${entry.status === 'stale' ? 'only present in a stale version' : 'missing'}`,
      ),
    ...state.received.filter((receipt) => receipt.assessment !== 'fresh').map((receipt) => receipt.note),
  ];
  return {
    portfolioId,
    cycleId,
    runId,
    period,
    status: state.status,
    expected,
    received: state.received.map(
      ({ artefactId, fundId, documentType, period: received, assessment, note }) => ({
        artefactId,
        ...(fundId ? { fundId } : {}),
        documentType,
        ...(received ? { period: received } : {}),
        assessment,
        note,
      }),
    ),
    notes,
  };
}
