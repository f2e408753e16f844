import { atOf, text, type DocumentProjection } from '../projections/document-projection';

/** An alert on a fund's change or exception, raised only with evidence and a crossed threshold (acceptance 18). */
export interface FundAlertView {
  alertId: string;
  portfolioId: string;
  cycleId: string;
  runId: string;
  fundId: string;
  subject: { kind: string; id: string };
  exceptionId: string | null;
  category: string | null;
  severity: string;
  title: string;
  evidenceClaimIds: string[];
  materiality: { policyId: string; total: string };
  raisedAt: string;
}

export const fundAlertProjection: DocumentProjection<FundAlertView> = {
  table: 'fund_alert',
  handles: ['AlertRaised'],
  keys: (event) => {
    const alertId = text(event, 'alertId');
    return alertId ? [alertId] : [];
  },
  evolve: (_, event) => {
    const data = event.data;
    const materiality = data.materiality as { policyId: string; total: string };
    return {
      alertId: String(data.alertId),
      portfolioId: String(data.portfolioId),
      cycleId: String(data.cycleId),
      runId: String(data.runId),
      fundId: String(data.fundId),
      subject: data.subject as FundAlertView['subject'],
      exceptionId: text(event, 'exceptionId') ?? null,
      category: text(event, 'category') ?? null,
      severity: String(data.severity),
      title: String(data.title),
      evidenceClaimIds: data.evidenceClaimIds as string[],
      materiality: { policyId: materiality.policyId, total: materiality.total },
      raisedAt: atOf(event),
    };
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    cycle_id: doc.cycleId,
    fund_id: doc.fundId,
    severity: doc.severity,
    materiality: doc.materiality.total,
  }),
};
