import { atOf, portfolioOf, text, type DocumentProjection } from '../projections/document-projection';

/** An operator alert raised by any service, open until acknowledged. */
export interface OperatorAlertView {
  alertId: string;
  kind: string;
  severity: string;
  summary: string;
  details: Record<string, unknown>;
  /** Platform-wide alerts (a dead letter in no portfolio) have none: only operations roles see them. */
  portfolioId: string | null;
  cycleId: string | null;
  raisedBy: string;
  raisedAt: string;
  acknowledged: { actor: string; note: string | null; at: string } | null;
}

export const operatorAlertProjection: DocumentProjection<OperatorAlertView> = {
  table: 'operator_alert',
  handles: ['OperatorAlertRaised', 'OperatorAlertAcknowledged'],
  keys: (event) => {
    const alertId = text(event, 'alertId');
    return alertId ? [alertId] : [];
  },
  evolve: (doc, event) => {
    const data = event.data;
    if (event.name === 'OperatorAlertRaised') {
      return {
        alertId: String(data.alertId),
        kind: String(data.kind),
        severity: String(data.severity),
        summary: String(data.summary),
        details: (data.details ?? {}) as Record<string, unknown>,
        portfolioId: portfolioOf(event) ?? null,
        cycleId: text(event, 'cycleId') ?? event.cycleId ?? null,
        raisedBy: event.source.replace(/^fai\//, ''),
        raisedAt: atOf(event),
        acknowledged: doc?.acknowledged ?? null,
      };
    }
    return (
      doc && {
        ...doc,
        acknowledged: { actor: String(data.actor), note: text(event, 'note') ?? null, at: atOf(event) },
      }
    );
  },
  columns: (doc) => ({
    portfolio_id: doc.portfolioId,
    severity: doc.severity,
    open: doc.acknowledged === null,
    raised_at: doc.raisedAt,
  }),
};
