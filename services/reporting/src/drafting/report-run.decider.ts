import type { DraftsCompletedV1, ReportingStageFailedV1 } from '@fai/contracts';
import { assertNever, type Decider, type DomainCommand, type DomainEvent } from '@fai/decider';

/*
 * A run's report stage. Validation reports each fund ready for report before it ranks the run's
 * exceptions; the stage is done (DraftsCompleted) once the run is ranked and every fund ready
 * before that has its draft. Funds that become ready later (a reviewer resolved their blocking
 * exceptions) are drafted then and never hold the run back. A draft that cannot be built fails the
 * stage (ReportingStageFailed); either outcome is decided once.
 */

export interface RunRef {
  portfolioId: string;
  cycleId: string;
  runId: string;
}

export type ReportRunCommand =
  | DomainCommand<'RecordFundReady', { run: RunRef; fundId: string }>
  | DomainCommand<'RecordFundDrafted', { run: RunRef; fundId: string }>
  | DomainCommand<
      'RecordDraftFailure',
      { run: RunRef; fundId: string; errorCode: string; message: string; hint?: string }
    >
  | DomainCommand<'RecordRunRanked', { run: RunRef }>;

export type ReportRunEvent =
  | DomainEvent<'FundQueued', { fundId: string }>
  | DomainEvent<'FundDraftRecorded', { fundId: string }>
  | DomainEvent<'RunRanked', Record<string, never>>
  | DomainEvent<'DraftsCompleted', DraftsCompletedV1>
  | DomainEvent<'ReportingStageFailed', ReportingStageFailedV1>;

/** The events of the public contracts; the others only move the run's recorded progress. */
export const PUBLIC_RUN_EVENTS = ['DraftsCompleted', 'ReportingStageFailed'] as const;

export interface ReportRunState {
  /** Funds ready before the run was ranked: the ones the stage waits for. */
  awaited: string[];
  drafted: string[];
  ranked: boolean;
  outcome: 'completed' | 'failed' | null;
}

export const reportRunDecider: Decider<ReportRunCommand, ReportRunEvent, ReportRunState> = {
  initialState: () => ({ awaited: [], drafted: [], ranked: false, outcome: null }),

  decide(command, state) {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'RecordFundReady':
        return state.ranked || state.awaited.includes(command.data.fundId)
          ? []
          : [{ type: 'FundQueued', data: { fundId: command.data.fundId } }];
      case 'RecordFundDrafted': {
        if (state.drafted.includes(command.data.fundId)) return [];
        const recorded: ReportRunEvent = { type: 'FundDraftRecorded', data: { fundId: command.data.fundId } };
        const after = reportRunDecider.evolve(state, recorded);
        return [recorded, ...completion(after, command.data.run, at)];
      }
      case 'RecordDraftFailure':
        return state.outcome
          ? []
          : [
              {
                type: 'ReportingStageFailed',
                data: {
                  ...command.data.run,
                  stage: 'report',
                  errorCode: command.data.errorCode,
                  diagnostics: {
                    fundId: command.data.fundId,
                    message: command.data.message,
                    ...(command.data.hint ? { hint: command.data.hint } : {}),
                  },
                  at,
                },
              },
            ];
      case 'RecordRunRanked': {
        if (state.ranked) return [];
        const ranked: ReportRunEvent = { type: 'RunRanked', data: {} };
        return [ranked, ...completion(reportRunDecider.evolve(state, ranked), command.data.run, at)];
      }
      default:
        return assertNever(command, 'report run command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'FundQueued':
        return { ...state, awaited: [...state.awaited, event.data.fundId] };
      case 'FundDraftRecorded':
        return { ...state, drafted: [...state.drafted, event.data.fundId] };
      case 'RunRanked':
        return { ...state, ranked: true };
      case 'DraftsCompleted':
        return { ...state, outcome: 'completed' };
      case 'ReportingStageFailed':
        return { ...state, outcome: 'failed' };
      default:
        return assertNever(event, 'report run event');
    }
  },
};

function completion(state: ReportRunState, run: RunRef, at: string): ReportRunEvent[] {
  const done =
    state.ranked && !state.outcome && state.awaited.every((fundId) => state.drafted.includes(fundId));
  return done ? [{ type: 'DraftsCompleted', data: { ...run, at } }] : [];
}
