import {
  ExceptionNotFoundError,
  FundLockedError,
  type ActOnExceptionReply,
  type ActOnExceptionRequest,
  type FundReadyForReportV1,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import type { EventMetadata, EventStore, SqlDatabase, SqlExecutor } from '@fai/event-store';
import { appendEvents, newEvents, readDomainEvents } from '../infrastructure/event-records';
import type { Decision, ExceptionRow, ValidationTables } from '../infrastructure/validation-tables';
import { runEventKey, validationRunStreamId } from '../run-validation/run-validation.handler';
import type { Actor, Role } from '../shared/actor';
import {
  exceptionDecider,
  exceptionStreamId,
  type ExceptionCommand,
  type ExceptionEvent,
} from './exception.decider';

/** An action on an exception as it appears in the fund review's history. */
export function decisionOf(event: ExceptionEvent): Decision | undefined {
  const { actor, at } = event.data as { actor: string; at: string };
  switch (event.type) {
    case 'ExceptionAssigned':
      return { action: 'assign', actor, assignee: event.data.assignee, at };
    case 'ExceptionMonitoringStarted':
      return { action: 'monitor', actor, rationale: event.data.rationale, at };
    case 'ExceptionFollowUpRequested':
      return { action: 'follow_up', actor, rationale: event.data.nextAction, at };
    case 'ExceptionResolved': {
      const { resolution } = event.data;
      return {
        action: event.data.action,
        actor,
        rationale: event.data.rationale,
        at,
        ...(resolution && {
          chosenValue: resolution.value,
          chosenUnit: resolution.unit,
          chosenSource: resolution.source,
        }),
      };
    }
    default:
      return undefined;
  }
}

/** The exception lifecycle command the request stands for. */
export function exceptionCommand(request: ActOnExceptionRequest, now: Date): ExceptionCommand {
  const actor: Actor = { userId: request.actor, roles: request.actorRoles as Role[] };
  const { exceptionId, action } = request;
  const metadata = { now };
  if (action === 'assign')
    return {
      type: 'AssignException',
      data: { exceptionId, actor, assignee: request.assignee ?? '' },
      metadata,
    };
  return {
    type: 'DecideException',
    data: { exceptionId, actor, decision: requestedDecision({ ...request, action }) },
    metadata,
  };
}

type Decided = Extract<ExceptionCommand, { type: 'DecideException' }>['data']['decision'];

// Missing texts travel as empty strings: the decider refuses them with the rule they break.
function requestedDecision(
  request: ActOnExceptionRequest & { action: Exclude<ActOnExceptionRequest['action'], 'assign'> },
): Decided {
  const rationale = request.rationale ?? '';
  switch (request.action) {
    case 'follow_up':
      return {
        action: 'follow_up',
        nextAction: request.nextAction ?? '',
        ...(request.dueAt !== undefined && { dueAt: request.dueAt }),
      };
    case 'edit':
      return { action: 'edit', rationale, value: request.value ?? '', unit: request.unit ?? '' };
    case 'accept':
      return {
        action: 'accept',
        rationale,
        ...(request.chosenClaimId !== undefined && { chosenClaimId: request.chosenClaimId }),
      };
    default:
      return { action: request.action, rationale };
  }
}

/**
 * Reviewer and operator actions on an exception, through its decider, with the queue row updated
 * in the same transaction. Refused once approval has locked the fund's run. When the action
 * resolves the fund's last open blocking exception, the fund is ready for report.
 */
export class ExceptionActionsHandler {
  constructor(
    private readonly deps: {
      db: SqlDatabase;
      store: EventStore;
      tables: ValidationTables;
      clock: () => Date;
    },
  ) {}

  async act(request: ActOnExceptionRequest): Promise<ActOnExceptionReply> {
    return this.deps.db.transaction(async (tx) => {
      const { tables, store } = this.deps;
      const row = await tables.exception(tx, request.exceptionId);
      if (!row) throw new ExceptionNotFoundError(request.exceptionId);
      const { runId, fundId, portfolioId, cycleId } = row.raised;
      const review = await tables.fundReview(tx, runId, fundId);
      if (review?.lockedAt) throw new FundLockedError(runId, fundId);
      const streamId = exceptionStreamId(request.exceptionId);
      const { events, history, version } = await readDomainEvents<ExceptionEvent>(store, tx, streamId);
      const retried = history.some((event) => event.metadata.commandId === request.commandId);
      const state = fold(exceptionDecider, events);
      const decided = retried
        ? []
        : exceptionDecider.decide(exceptionCommand(request, this.deps.clock()), state);
      const metadata: EventMetadata = {
        correlationId: request.commandId,
        actor: request.actor,
        commandId: request.commandId,
        portfolioId,
        cycleId,
        runId,
        fundId,
      };
      await appendEvents(
        store,
        tx,
        streamId,
        newEvents(streamId, decided, metadata, () => request.commandId),
        version,
      );
      const after = decided.reduce(exceptionDecider.evolve, state);
      for (const event of decided) {
        await tables.recordDecision(tx, request.exceptionId, {
          status: after.status === 'not_raised' ? 'open' : after.status,
          ...(event.type === 'ExceptionAssigned' && { assignee: event.data.assignee }),
          decision: decisionOf(event)!,
          ...(event.type === 'ExceptionResolved' && { resolution: event.data }),
        });
      }
      const resolvedNow = decided.some((event) => event.type === 'ExceptionResolved');
      const fundReady =
        resolvedNow && row.raised.blocking && (await this.readyIfUnblocked(tx, row, metadata));
      return {
        exceptionId: request.exceptionId,
        status: after.status === 'not_raised' ? 'open' : after.status,
        changed: decided.length > 0,
        fundReady,
      };
    });
  }

  /** FundReadyForReport once none of the fund's blocking exceptions in the run is unresolved. */
  private async readyIfUnblocked(
    tx: SqlExecutor,
    resolved: ExceptionRow,
    metadata: EventMetadata,
  ): Promise<boolean> {
    const { tables, store, clock } = this.deps;
    const { runId, fundId, portfolioId, cycleId } = resolved.raised;
    const unresolved = (await tables.exceptionsOfFund(tx, runId, fundId)).filter(
      (row) => row.status !== 'resolved',
    );
    if (unresolved.some((row) => row.raised.blocking)) return false;
    const run = await tables.run(tx, runId);
    const at = clock().toISOString();
    if (!run?.policies || !(await tables.markReady(tx, runId, fundId, at))) return false;
    const ready: FundReadyForReportV1 = {
      portfolioId,
      cycleId,
      runId,
      fundId,
      at,
      openExceptions: unresolved.length,
      policies: run.policies,
    };
    const streamId = validationRunStreamId(runId);
    await appendEvents(
      store,
      tx,
      streamId,
      newEvents(streamId, [{ type: 'FundReadyForReport', data: ready }], metadata, runEventKey),
      'any',
    );
    return true;
  }
}
