import { createRegistry } from '@fai/contracts';
import type { CycleCommand } from './cycle.decider';
import { at, cycleId, decideAll, iso, openScheduled, run1 } from './cycle-history.fixture';
import { operatorAlertFor } from './operator-alerts';

const registry = createRegistry();
const budgets = { ingest: 60, extract: 60, validate: 60, compare: 60, rank: 60, report: 60 };
const alertOf = (...commands: CycleCommand[]) => {
  const event = decideAll(openScheduled, ...commands).at(-1)!;
  return operatorAlertFor(event, 'e-1', 'pf-001');
};

describe('operator alerts of a cycle', () => {
  it('raises cycle_stalled for a stalled run, naming stage, budget and time in stage', () => {
    const alert = alertOf({ type: 'CheckStall', data: { cycleId, budgets }, metadata: { now: at(75) } });
    expect(alert).toMatchObject({
      alertId: 'alert-e-1',
      kind: 'cycle_stalled',
      severity: 'warning',
      cycleId,
      runId: run1,
      portfolioId: 'pf-001',
      details: { stage: 'ingest', since: iso(0), budgetMinutes: 60, stalledMinutes: 75 },
    });
    expect(() => registry.validate('OperatorAlertRaised', 1, alert)).not.toThrow();
  });

  it('raises cycle_failed (critical) for a failed run and artefact_missing for one incomplete at cut-off', () => {
    const failed = alertOf({
      type: 'RecordStageFailed',
      data: {
        cycleId,
        runId: run1,
        stage: 'ingest',
        errorCode: 'STORE_DOWN',
        diagnostics: {},
        causeEventId: 'x',
      },
      metadata: { now: at(5) },
    });
    expect(failed).toMatchObject({
      kind: 'cycle_failed',
      severity: 'critical',
      details: { errorCode: 'STORE_DOWN' },
    });
    const missingArtefacts = [{ fundId: 'fund-7', artefactType: 'nport' }];
    const incomplete = alertOf({
      type: 'MarkIncompleteAtCutOff',
      data: { cycleId, missingArtefacts },
      metadata: { now: at(5) },
    });
    expect(incomplete).toMatchObject({ kind: 'artefact_missing', details: { missingArtefacts } });
    for (const alert of [failed, incomplete])
      expect(() => registry.validate('OperatorAlertRaised', 1, alert)).not.toThrow();
  });

  it('raises nothing for the ordinary course of a run', () => {
    for (const event of decideAll(openScheduled))
      expect(operatorAlertFor(event, 'e', 'pf-001')).toBeUndefined();
  });
});
