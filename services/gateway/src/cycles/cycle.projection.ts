import {
  atOf,
  portfolioOf,
  text,
  type DocumentProjection,
  type ProjectedEvent,
} from '../projections/document-projection';

export type RunStatus = 'running' | 'incomplete' | 'failed' | 'completed' | 'superseded';

export interface InventoryView {
  expected: Array<{
    fundId: string;
    artefactType: string;
    required: boolean;
    status: 'awaited' | 'received' | 'missing';
  }>;
  received: Array<{
    artefactId: string;
    fundId: string | null;
    documentType: string;
    assessment: string;
    note: string;
    at: string;
  }>;
  completedAt: string | null;
}

export interface TimelineEntry {
  at: string;
  event: string;
  stage?: string;
  actor?: string;
  detail?: Record<string, unknown>;
}

export interface RunView {
  runId: string;
  runNumber: number;
  replacesRunId: string | null;
  status: RunStatus;
  /** The run's current stage, `review` once every stage completed. */
  stage: string | null;
  /** Who started the run (`system:scheduler` for scheduled runs). */
  operator: string;
  reason: string | null;
  startedAt: string;
  completedAt: string | null;
  failure: { stage: string; errorCode: string; diagnostics: unknown; at: string } | null;
  stages: Record<string, { startedAt?: string; completedAt?: string }>;
  timeline: TimelineEntry[];
  inventory: InventoryView;
  lockedFunds: Array<{ fundId: string; lock: string; at: string }>;
}

export interface PinnedPolicies {
  rulesetId: string | null;
  materialityId: string | null;
  sourcePolicyId: string | null;
  reportTemplateId: string | null;
}

/** A cycle with its runs' stage timelines and input inventories (acceptance 32). */
export interface CycleView {
  cycleId: string;
  portfolioId: string;
  period: string;
  kind: string;
  /** The current run's status. */
  state: RunStatus;
  stage: string | null;
  currentRunId: string | null;
  currentRunNumber: number;
  policies: PinnedPolicies;
  publicationBlocked: boolean;
  openedAt: string;
  updatedAt: string;
  lastStalledAt: string | null;
  runs: RunView[];
}

const RUN_EVENTS = [
  'RunStarted',
  'RunStageStarted',
  'RunStageCompleted',
  'RunFailed',
  'RunSuperseded',
  'RunMarkedIncomplete',
  'RunProceededAtCutOff',
  'RunCompleted',
  'RunFundLocked',
  'InventoryOpened',
  'InventoryArtefactReceived',
  'InventoryCompleted',
  'ArtefactMissing',
] as const;

export const cycleProjection: DocumentProjection<CycleView> = {
  table: 'cycle',
  handles: ['CycleOpened', 'CycleStalled', 'CyclePoliciesPinned', ...RUN_EVENTS],
  keys: (event) => {
    const cycleId = text(event, 'cycleId') ?? event.cycleId;
    return cycleId ? [cycleId] : [];
  },
  evolve: (doc, event) => {
    const at = atOf(event);
    if (event.name === 'CycleOpened') {
      const pinned = (event.data.pinnedPolicyVersions ?? {}) as Partial<PinnedPolicies>;
      return {
        cycleId: String(event.data.cycleId),
        portfolioId: portfolioOf(event) ?? '',
        period: String(event.data.period),
        kind: String(event.data.kind),
        state: 'running',
        stage: null,
        currentRunId: null,
        currentRunNumber: 0,
        policies: {
          rulesetId: pinned.rulesetId ?? null,
          materialityId: pinned.materialityId ?? null,
          sourcePolicyId: pinned.sourcePolicyId ?? null,
          reportTemplateId: pinned.reportTemplateId ?? null,
        },
        publicationBlocked: false,
        openedAt: at,
        updatedAt: at,
        lastStalledAt: null,
        runs: [],
      };
    }
    if (!doc) return undefined;
    if (event.name === 'CycleStalled') return { ...doc, lastStalledAt: at, updatedAt: at };
    if (event.name === 'CyclePoliciesPinned')
      return { ...doc, policies: pinnedBy(doc.policies, event), updatedAt: at };
    const runs = event.name === 'RunStarted' ? [...doc.runs, startedRun(event)] : doc.runs;
    const runId = text(event, 'runId');
    const evolved = runs.map((run) => (run.runId === runId ? evolveRun(run, event) : run));
    const current = evolved.find(
      (run) => run.runId === (event.name === 'RunStarted' ? runId : doc.currentRunId),
    );
    return {
      ...doc,
      runs: evolved,
      currentRunId: current?.runId ?? doc.currentRunId,
      currentRunNumber: current?.runNumber ?? doc.currentRunNumber,
      state: current?.status ?? doc.state,
      stage: current?.stage ?? doc.stage,
      publicationBlocked: doc.publicationBlocked || event.name === 'RunFailed',
      updatedAt: at,
    };
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    period: doc.period,
    state: doc.state,
    opened_at: doc.openedAt,
  }),
};

function pinnedBy(policies: PinnedPolicies, event: ProjectedEvent): PinnedPolicies {
  const id = (field: string) => (event.data[field] as { policyId?: string } | undefined)?.policyId ?? null;
  return {
    ...policies,
    rulesetId: id('ruleset') ?? policies.rulesetId,
    materialityId: id('materiality') ?? policies.materialityId,
    sourcePolicyId: id('sourcePolicy') ?? policies.sourcePolicyId,
  };
}

function startedRun(event: ProjectedEvent): RunView {
  const cause = event.data.cause as { kind: string; actor?: string };
  return {
    runId: String(event.data.runId),
    runNumber: Number(event.data.runNumber),
    replacesRunId: text(event, 'replacesRunId') ?? null,
    status: 'running',
    stage: null,
    operator: event.actor ?? cause.actor ?? 'system:scheduler',
    reason: text(event, 'reason') ?? null,
    startedAt: atOf(event),
    completedAt: null,
    failure: null,
    stages: {},
    timeline: [],
    inventory: { expected: [], received: [], completedAt: null },
    lockedFunds: [],
  };
}

/** One run after one of its events; every event also goes on the run's timeline. */
export function evolveRun(run: RunView, event: ProjectedEvent): RunView {
  const at = atOf(event);
  const stage = text(event, 'stage');
  const entry: TimelineEntry = {
    at,
    event: event.name,
    ...(stage ? { stage } : {}),
    ...(event.actor ? { actor: event.actor } : {}),
    ...timelineDetail(event),
  };
  const next = { ...run, timeline: [...run.timeline, entry] };
  switch (event.name) {
    case 'RunStageStarted':
      return {
        ...next,
        stage: stage ?? null,
        stages: { ...run.stages, [stage!]: { ...run.stages[stage!], startedAt: at } },
      };
    case 'RunStageCompleted':
      return { ...next, stages: { ...run.stages, [stage!]: { ...run.stages[stage!], completedAt: at } } };
    case 'RunFailed':
      return {
        ...next,
        status: 'failed',
        failure: {
          stage: stage ?? '',
          errorCode: String(event.data.errorCode),
          diagnostics: event.data.diagnostics,
          at,
        },
      };
    case 'RunSuperseded':
      return { ...next, status: 'superseded' };
    case 'RunMarkedIncomplete':
      return { ...next, status: 'incomplete' };
    case 'RunProceededAtCutOff':
      return { ...next, status: 'running' };
    case 'RunCompleted':
      return { ...next, status: 'completed', stage: 'review', completedAt: at };
    case 'RunFundLocked':
      return {
        ...next,
        lockedFunds: [
          ...run.lockedFunds,
          { fundId: String(event.data.fundId), lock: String(event.data.lock), at },
        ],
      };
    default:
      return { ...next, inventory: evolveInventory(run.inventory, event) };
  }
}

function evolveInventory(inventory: InventoryView, event: ProjectedEvent): InventoryView {
  const data = event.data;
  switch (event.name) {
    case 'InventoryOpened':
      return {
        ...inventory,
        expected: (data.expected as Array<{ fundId: string; artefactType: string; required: boolean }>).map(
          (slot) => ({
            ...slot,
            status: 'awaited',
          }),
        ),
      };
    case 'InventoryArtefactReceived': {
      const counts = ['fresh', 'undated', 'superseding'].includes(String(data.assessment));
      return {
        ...inventory,
        expected: inventory.expected.map((slot) =>
          counts && slot.fundId === data.fundId && slot.artefactType === data.documentType
            ? { ...slot, status: 'received' }
            : slot,
        ),
        received: [
          ...inventory.received,
          {
            artefactId: String(data.artefactId),
            fundId: text(event, 'fundId') ?? null,
            documentType: String(data.documentType),
            assessment: String(data.assessment),
            note: String(data.note ?? ''),
            at: atOf(event),
          },
        ],
      };
    }
    case 'ArtefactMissing':
      return {
        ...inventory,
        expected: inventory.expected.map((slot) =>
          slot.fundId === data.fundId && slot.artefactType === data.artefactType
            ? { ...slot, status: 'missing' }
            : slot,
        ),
      };
    case 'InventoryCompleted':
      return { ...inventory, completedAt: atOf(event) };
    default:
      return inventory;
  }
}

function timelineDetail(event: ProjectedEvent): { detail?: Record<string, unknown> } {
  const { errorCode, reason, missingArtefacts, artefactId, fundId } = event.data;
  const detail = Object.fromEntries(
    Object.entries({ errorCode, reason, missingArtefacts, artefactId, fundId }).filter(
      ([, value]) => value !== undefined,
    ),
  );
  return Object.keys(detail).length > 0 ? { detail } : {};
}
