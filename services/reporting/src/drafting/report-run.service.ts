import type { SqlExecutor } from '@fai/event-store';
import { fold } from '@fai/decider';
import type { ReportingRepository } from '../infrastructure/reporting.repository';
import type { EventCause, ReportingEvents } from '../infrastructure/reporting-events';
import {
  PUBLIC_RUN_EVENTS,
  reportRunDecider,
  type ReportRunCommand,
  type RunRef,
} from './report-run.decider';

export function runStreamId(runId: string): string {
  return `reporting-run-${runId}`;
}

/**
 * Applies a command to a run's report stage inside the caller's transaction: the run's lock orders
 * concurrent writers, its recorded progress is the decider's state, and the public outcome events
 * (DraftsCompleted, ReportingStageFailed) go to the run's stream.
 */
export class ReportRuns {
  constructor(
    private readonly repository: ReportingRepository,
    private readonly events: ReportingEvents,
  ) {}

  async apply(tx: SqlExecutor, run: RunRef, command: ReportRunCommand, cause: EventCause): Promise<void> {
    await this.repository.lock(tx, `run:${run.runId}`);
    const state = (await this.repository.runState(tx, run.runId)) ?? reportRunDecider.initialState();
    const decided = reportRunDecider.decide(command, state);
    if (decided.length === 0) return;
    await this.repository.saveRunState(
      tx,
      run,
      fold({ ...reportRunDecider, initialState: () => state }, decided),
    );
    const published = decided.filter((event) =>
      (PUBLIC_RUN_EVENTS as readonly string[]).includes(event.type),
    );
    await this.events.append(tx, runStreamId(run.runId), published, cause);
  }
}
