import {
  atOf,
  portfolioOf,
  text,
  type DocumentProjection,
  type ProjectedEvent,
} from '../projections/document-projection';

export type FundWorkflowState = 'draft' | 'review' | 'approved' | 'published';

/** One fund's review workflow in a cycle, with its memo, evidence pack and published report. */
export interface FundWorkflowView {
  cycleId: string;
  fundId: string;
  portfolioId: string;
  runId: string;
  state: FundWorkflowState;
  memo: {
    memoId: string;
    version: number;
    templateVersion: string;
    htmlSha256: string;
    pdfSha256: string;
    at: string;
  } | null;
  evidencePack: {
    packId: string;
    memoId: string;
    archiveSha256: string;
    evidenceCoverage: string;
    at: string;
  } | null;
  submittedBy: string | null;
  approvedBy: string | null;
  report: {
    reportId: string;
    snapshotId: string;
    files: Array<{ kind: string; sha256: string; uri: string; bytes: number }>;
    at: string;
  } | null;
  /** Files whose content output retention deleted (ReportOutputContentDeleted): their records stay. */
  deletedContent?: Array<{ outputId: string; kind: string; sha256: string; at: string }>;
  /** Every transition with actor, time and notes (acceptance 25). */
  history: Array<{ event: string; actor: string | null; notes: string | null; at: string }>;
  updatedAt: string;
}

export function workflowKey(cycleId: string, fundId: string): string {
  return `${cycleId}:${fundId}`;
}

export const fundWorkflowProjection: DocumentProjection<FundWorkflowView> = {
  table: 'fund_workflow',
  handles: [
    'MemoDrafted',
    'EvidencePackBuilt',
    'FundEnteredDraft',
    'FundSubmittedForReview',
    'FundApproved',
    'FundRejected',
    'ReportPublished',
    'FundPublished',
    'ReportOutputContentDeleted',
  ],
  keys: (event) => {
    const cycleId = text(event, 'cycleId');
    const fundId = text(event, 'fundId');
    return cycleId && fundId ? [workflowKey(cycleId, fundId)] : [];
  },
  evolve: (doc, event) => {
    const at = atOf(event);
    const base: FundWorkflowView = doc ?? {
      cycleId: String(event.data.cycleId),
      fundId: String(event.data.fundId),
      portfolioId: portfolioOf(event) ?? '',
      runId: String(event.data.runId),
      state: 'draft',
      memo: null,
      evidencePack: null,
      submittedBy: null,
      approvedBy: null,
      report: null,
      history: [],
      updatedAt: at,
    };
    const entry = { event: event.name, actor: actorOf(event), notes: text(event, 'notes') ?? null, at };
    return { ...base, ...transition(base, event), history: [...base.history, entry], updatedAt: at };
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    cycle_id: doc.cycleId,
    fund_id: doc.fundId,
    state: doc.state,
  }),
};

function transition(doc: FundWorkflowView, event: ProjectedEvent): Partial<FundWorkflowView> {
  const data = event.data;
  const at = atOf(event);
  switch (event.name) {
    case 'MemoDrafted':
      return {
        runId: String(data.runId),
        // A new draft while not approved sends the fund back to draft (contracts plan, step 5).
        state: doc.state === 'approved' || doc.state === 'published' ? doc.state : 'draft',
        memo: {
          memoId: String(data.memoId),
          version: Number(data.version),
          templateVersion: String(data.templateVersion),
          htmlSha256: String(data.htmlSha256),
          pdfSha256: String(data.pdfSha256),
          at,
        },
      };
    case 'EvidencePackBuilt':
      return {
        evidencePack: {
          packId: String(data.packId),
          memoId: String(data.memoId),
          archiveSha256: String(data.archiveSha256),
          evidenceCoverage: String(data.evidenceCoverage),
          at,
        },
      };
    case 'FundEnteredDraft':
    case 'FundRejected':
      return { state: 'draft', approvedBy: null };
    case 'FundSubmittedForReview':
      return { state: 'review', submittedBy: String(data.submittedBy) };
    case 'FundApproved':
      return { state: 'approved', approvedBy: String(data.approvedBy) };
    case 'ReportPublished':
      return {
        state: 'published',
        report: {
          reportId: String(data.reportId),
          snapshotId: String(data.snapshotId),
          files: data.files as NonNullable<FundWorkflowView['report']>['files'],
          at,
        },
      };
    case 'FundPublished':
      return { state: 'published' };
    case 'ReportOutputContentDeleted':
      return {
        deletedContent: [
          ...(doc.deletedContent ?? []),
          { outputId: String(data.outputId), kind: String(data.kind), sha256: String(data.sha256), at },
        ],
      };
    default:
      return {};
  }
}

/** Who made the transition: named in the data for workflow decisions, else the command's actor. */
const ACTOR_FIELD: Record<string, string> = {
  FundSubmittedForReview: 'submittedBy',
  FundApproved: 'approvedBy',
  FundRejected: 'rejectedBy',
};

function actorOf(event: ProjectedEvent): string | null {
  const field = ACTOR_FIELD[event.name];
  return (field ? text(event, field) : undefined) ?? event.actor ?? null;
}
