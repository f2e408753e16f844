import type { FundWorkflowView } from '../approval/fund-workflow.projection';
import type { CycleView, RunView } from './cycle.projection';

/** The Cycles API's detail (acceptance 32): the cycle, assignments, inventory summary and outputs registry. */
export interface CycleDetail extends CycleView {
  assignments: { operator: string | null; submitters: string[]; approvers: string[] };
  inventorySummary: { expected: number; received: number; missing: number; awaited: number } | null;
  outputs: Array<{
    fundId: string;
    state: string;
    memoId: string | null;
    packId: string | null;
    reportId: string | null;
    snapshotId: string | null;
  }>;
}

/** Pure: composes the detail from the cycle and its funds' workflows. */
export function cycleDetail(cycle: CycleView, workflows: readonly FundWorkflowView[]): CycleDetail {
  const current: RunView | undefined = cycle.runs.find((run) => run.runId === cycle.currentRunId);
  const expected = current?.inventory.expected ?? [];
  const count = (status: string) => expected.filter((slot) => slot.status === status).length;
  const people = (pick: (workflow: FundWorkflowView) => string | null) =>
    [...new Set(workflows.map(pick).filter((actor): actor is string => actor !== null))].sort();
  return {
    ...cycle,
    assignments: {
      operator: current?.operator ?? null,
      submitters: people((workflow) => workflow.submittedBy),
      approvers: people((workflow) => workflow.approvedBy),
    },
    inventorySummary: current
      ? {
          expected: expected.length,
          received: count('received'),
          missing: count('missing'),
          awaited: count('awaited'),
        }
      : null,
    outputs: [...workflows]
      .sort((a, b) => a.fundId.localeCompare(b.fundId))
      .map((workflow) => ({
        fundId: workflow.fundId,
        state: workflow.state,
        memoId: workflow.memo?.memoId ?? null,
        packId: workflow.evidencePack?.packId ?? null,
        reportId: workflow.report?.reportId ?? null,
        snapshotId: workflow.report?.snapshotId ?? null,
      })),
  };
}
