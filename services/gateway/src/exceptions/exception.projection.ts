import { atOf, text, type DocumentProjection } from '../projections/document-projection';

export type ExceptionStatus = 'open' | 'monitoring' | 'resolved';

/** An exception in the queue, with its materiality and every decision on it (acceptance 13, 27). */
export interface ExceptionView {
  exceptionId: string;
  portfolioId: string;
  cycleId: string;
  runId: string;
  fundId: string;
  kind: string;
  category: string | null;
  severity: string;
  blocking: boolean;
  requiresReviewerDecision: boolean;
  title: string;
  fieldKey: string | null;
  evidenceClaimIds: string[];
  materiality: { policyId: string; total: string; severity: string };
  status: ExceptionStatus;
  assignee: string | null;
  slaDueAt: string;
  raisedAt: string;
  resolvedAt: string | null;
  decisions: Array<{ action: string; actor: string; rationale: string | null; at: string }>;
}

const ACTIONS: Record<string, string> = {
  ExceptionAssigned: 'assign',
  ExceptionFollowUpRequested: 'follow_up',
  ExceptionMonitoringStarted: 'monitor',
};

export const exceptionProjection: DocumentProjection<ExceptionView> = {
  table: 'exception',
  handles: [
    'ExceptionRaised',
    'ExceptionAssigned',
    'ExceptionFollowUpRequested',
    'ExceptionMonitoringStarted',
    'ExceptionResolved',
  ],
  keys: (event) => {
    const exceptionId = text(event, 'exceptionId');
    return exceptionId ? [exceptionId] : [];
  },
  evolve: (doc, event) => {
    const data = event.data;
    const at = atOf(event);
    if (event.name === 'ExceptionRaised') {
      const materiality = data.materiality as ExceptionView['materiality'];
      return {
        exceptionId: String(data.exceptionId),
        portfolioId: String(data.portfolioId),
        cycleId: String(data.cycleId),
        runId: String(data.runId),
        fundId: String(data.fundId),
        kind: String(data.kind),
        category: text(event, 'category') ?? null,
        severity: String(data.severity),
        blocking: data.blocking === true,
        requiresReviewerDecision: data.requiresReviewerDecision === true,
        title: String(data.title),
        fieldKey: text(event, 'fieldKey') ?? null,
        evidenceClaimIds: data.evidenceClaimIds as string[],
        materiality: {
          policyId: materiality.policyId,
          total: materiality.total,
          severity: materiality.severity,
        },
        status: 'open',
        assignee: null,
        slaDueAt: String(data.slaDueAt),
        raisedAt: at,
        resolvedAt: null,
        decisions: [],
      };
    }
    if (!doc) return undefined;
    const decision = {
      action: text(event, 'action') ?? ACTIONS[event.name],
      actor: String(data.actor),
      rationale: text(event, 'rationale') ?? text(event, 'nextAction') ?? null,
      at,
    };
    const next = { ...doc, decisions: [...doc.decisions, decision] };
    switch (event.name) {
      case 'ExceptionAssigned':
        return { ...next, assignee: String(data.assignee) };
      case 'ExceptionMonitoringStarted':
        return { ...next, status: 'monitoring' };
      case 'ExceptionResolved':
        return { ...next, status: 'resolved', resolvedAt: at };
      default:
        return next;
    }
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    cycle_id: doc.cycleId,
    fund_id: doc.fundId,
    severity: doc.severity,
    status: doc.status,
    category: doc.category,
    assignee: doc.assignee,
    materiality: doc.materiality.total,
  }),
};
