import {
  ConflictChoiceInvalidError,
  EditValueRequiredError,
  ExceptionActionForbiddenError,
  ExceptionAlreadyRaisedError,
  ExceptionAlreadyResolvedError,
  ExceptionNotFoundError,
  ExceptionTransitionNotAllowedError,
  RationaleRequiredError,
  ReviewerDecisionRequiredError,
  type ExceptionAssignedV1,
  type ExceptionFollowUpRequestedV1,
  type ExceptionMonitoringStartedV1,
  type ExceptionRaisedV1,
  type ExceptionResolvedV1,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { isDeepStrictEqual } from 'node:util';
import { hasRole, hasText, type Actor } from '../shared/actor';
import { secondsBetween } from '../shared/dates';

/*
 * One exception's lifecycle, in its own stream `exception-<exceptionId>`:
 *
 *   open ──monitor──▶ monitoring
 *     │                  │
 *     └──accept / edit / reject──▶ resolved   (follow-up keeps the status and records the next action)
 *
 * - Operators triage (assign, follow up) and decide ordinary exceptions; a high-severity
 *   contradiction is flagged `requiresReviewerDecision` and only a reviewer decides it.
 * - Every resolution and every monitor decision has a rationale; an edit names the new value,
 *   accepting a conflict names the chosen claim (the suggestion by default): never a silent choice.
 * - Resolved is final. Time-to-close is recorded on resolution.
 */

export function exceptionStreamId(exceptionId: string): string {
  return `exception-${exceptionId}`;
}

export type RaiseException = Command<'RaiseException', { exception: ExceptionRaisedV1 }>;
export type AssignException = Command<
  'AssignException',
  { exceptionId: string; assignee: string; actor: Actor }
>;
export type DecideException = Command<
  'DecideException',
  {
    exceptionId: string;
    actor: Actor;
    decision:
      | { action: 'accept'; rationale: string; chosenClaimId?: string }
      | { action: 'edit'; rationale: string; value: string; unit: string }
      | { action: 'reject'; rationale: string }
      | { action: 'monitor'; rationale: string }
      | { action: 'follow_up'; nextAction: string; dueAt?: string };
  }
>;

export type ExceptionCommand = RaiseException | AssignException | DecideException;
export type ExceptionEvent =
  | Event<'ExceptionRaised', ExceptionRaisedV1>
  | Event<'ExceptionAssigned', ExceptionAssignedV1>
  | Event<'ExceptionFollowUpRequested', ExceptionFollowUpRequestedV1>
  | Event<'ExceptionMonitoringStarted', ExceptionMonitoringStartedV1>
  | Event<'ExceptionResolved', ExceptionResolvedV1>;

interface Raised {
  exception: ExceptionRaisedV1;
  assignee?: string;
  nextAction?: { text: string; dueAt?: string };
}

export type ExceptionState =
  | { status: 'not_raised' }
  | (Raised & { status: 'open' | 'monitoring' })
  | (Raised & { status: 'resolved'; resolution: ExceptionResolvedV1 });

export const exceptionDecider: Decider<ExceptionCommand, ExceptionEvent, ExceptionState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'not_raised' }),
};

function decide(command: ExceptionCommand, state: ExceptionState): ExceptionEvent[] {
  switch (command.type) {
    case 'RaiseException':
      return raise(command, state);
    case 'AssignException':
      return assign(command, active(state, command.data.exceptionId));
    case 'DecideException':
      return decideOn(command, active(state, command.data.exceptionId));
    default:
      return assertNever(command, 'exception command');
  }
}

function raise({ data }: RaiseException, state: ExceptionState): ExceptionEvent[] {
  if (state.status === 'not_raised') return [{ type: 'ExceptionRaised', data: data.exception }];
  // A replayed run raises the same exception again: nothing new happened.
  if (isDeepStrictEqual(state.exception, data.exception)) return [];
  throw new ExceptionAlreadyRaisedError(data.exception.exceptionId);
}

function active(state: ExceptionState, exceptionId: string): Raised & { status: 'open' | 'monitoring' } {
  if (state.status === 'not_raised') throw new ExceptionNotFoundError(exceptionId);
  if (state.status === 'resolved') throw new ExceptionAlreadyResolvedError(exceptionId);
  return state;
}

function assign({ data, metadata }: AssignException, state: Raised): ExceptionEvent[] {
  if (!hasRole(data.actor, 'operator', 'reviewer')) {
    throw new ExceptionActionForbiddenError(data.exceptionId, data.actor.userId, 'assign');
  }
  if (state.assignee === data.assignee) return [];
  return [
    {
      type: 'ExceptionAssigned',
      data: {
        exceptionId: data.exceptionId,
        assignee: data.assignee,
        actor: data.actor.userId,
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function decideOn(
  { data, metadata }: DecideException,
  state: Raised & { status: 'open' | 'monitoring' },
): ExceptionEvent[] {
  const { exceptionId, actor, decision } = data;
  const at = metadata.now.toISOString();
  if (!hasRole(actor, 'operator', 'reviewer'))
    throw new ExceptionActionForbiddenError(exceptionId, actor.userId, decision.action);
  if (decision.action === 'follow_up') {
    if (!hasText(decision.nextAction))
      throw new RationaleRequiredError(`following up exception ${exceptionId}`, 'nextAction');
    return [
      {
        type: 'ExceptionFollowUpRequested',
        data: {
          exceptionId,
          actor: actor.userId,
          nextAction: decision.nextAction,
          ...(decision.dueAt !== undefined && { dueAt: decision.dueAt }),
          at,
        },
      },
    ];
  }
  if (state.exception.requiresReviewerDecision && !hasRole(actor, 'reviewer')) {
    throw new ReviewerDecisionRequiredError(exceptionId, actor.userId);
  }
  if (!hasText(decision.rationale))
    throw new RationaleRequiredError(`${decision.action} on exception ${exceptionId}`);
  if (decision.action === 'monitor') {
    if (state.status === 'monitoring')
      throw new ExceptionTransitionNotAllowedError(exceptionId, state.status, 'monitor');
    return [
      {
        type: 'ExceptionMonitoringStarted',
        data: { exceptionId, actor: actor.userId, rationale: decision.rationale, at },
      },
    ];
  }
  const resolved: ExceptionResolvedV1 = {
    exceptionId,
    action: decision.action,
    actor: actor.userId,
    rationale: decision.rationale,
    ...resolutionOf(state.exception, decision),
    timeToCloseSeconds: secondsBetween(state.exception.at, at),
    at,
  };
  return [{ type: 'ExceptionResolved', data: resolved }];
}

/** What the decision settles: a chosen statement for a conflict, the reviewer's value for an edit. */
function resolutionOf(
  exception: ExceptionRaisedV1,
  decision: Extract<DecideException['data']['decision'], { action: 'accept' | 'edit' | 'reject' }>,
): Pick<ExceptionResolvedV1, 'resolution'> {
  switch (decision.action) {
    case 'reject':
      return {};
    case 'edit':
      if (!hasText(decision.value) || !hasText(decision.unit))
        throw new EditValueRequiredError(exception.exceptionId);
      return {
        resolution: { value: decision.value, unit: decision.unit, source: { kind: 'reviewer_edit' } },
      };
    case 'accept': {
      if (!exception.choices || exception.choices.length === 0) return {};
      const claimId = decision.chosenClaimId ?? exception.suggestion?.claimId;
      const choice = exception.choices.find((candidate) => candidate.claimId === claimId);
      if (!choice) throw new ConflictChoiceInvalidError(exception.exceptionId, claimId);
      return {
        resolution: {
          value: choice.value,
          unit: choice.unit,
          source: {
            kind: 'claim',
            claimId: choice.claimId,
            artefactSha256: choice.artefactSha256,
            extractorId: choice.extractorId,
          },
        },
      };
    }
    default:
      return assertNever(decision, 'resolving decision');
  }
}

function evolve(state: ExceptionState, event: ExceptionEvent): ExceptionState {
  switch (event.type) {
    case 'ExceptionRaised':
      return { status: 'open', exception: event.data };
    case 'ExceptionAssigned':
      return state.status === 'not_raised' ? state : { ...state, assignee: event.data.assignee };
    case 'ExceptionFollowUpRequested':
      return state.status === 'not_raised'
        ? state
        : {
            ...state,
            nextAction: {
              text: event.data.nextAction,
              ...(event.data.dueAt !== undefined && { dueAt: event.data.dueAt }),
            },
          };
    case 'ExceptionMonitoringStarted':
      return state.status === 'open' ? { ...state, status: 'monitoring' } : state;
    case 'ExceptionResolved':
      return state.status === 'not_raised' ? state : { ...state, status: 'resolved', resolution: event.data };
    default:
      return assertNever(event, 'exception event');
  }
}

/** Past its SLA and still not resolved (the queue and the alert rules show these first). */
export function isOverdue(state: ExceptionState, now: Date): boolean {
  return (
    (state.status === 'open' || state.status === 'monitoring') &&
    Date.parse(state.exception.slaDueAt) < now.getTime()
  );
}
