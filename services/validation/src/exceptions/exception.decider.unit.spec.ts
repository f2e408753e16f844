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
  type ExceptionRaisedV1,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import type { Actor } from '../shared/actor';
import {
  exceptionDecider,
  isOverdue,
  type DecideException,
  type ExceptionCommand,
  type ExceptionEvent,
} from './exception.decider';

const spec = deciderSpecification(exceptionDecider);
const raisedAt = '2026-11-04T10:30:00.000Z';
const now = new Date('2026-11-04T13:00:00.000Z');
const at = now.toISOString();
const operator: Actor = { userId: 'operator-1', roles: ['operator'] };
const reviewer: Actor = { userId: 'reviewer-3', roles: ['reviewer'] };
const readOnly: Actor = { userId: 'viewer-9', roles: ['read_only'] };

const sha = 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17';
const conflict: ExceptionRaisedV1 = {
  exceptionId: 'exc-1',
  portfolioId: 'pf-001',
  cycleId: 'c-1',
  runId: 'c-1-run-1',
  fundId: 'fund-7',
  kind: 'contradiction',
  severity: 'high',
  blocking: true,
  requiresReviewerDecision: true,
  title: 'fund.net_assets: sources disagree beyond tolerance',
  fingerprint: 'fund-7|contradiction|cross_source:fund.net_assets',
  fieldKey: 'fund.net_assets',
  checkId: 'cross_source:fund.net_assets',
  evidenceClaimIds: ['nport', 'navfile'],
  details: {},
  suggestion: { claimId: 'nport', value: '10108107972.19', unit: 'USD', reason: 'nport-xml ranks first' },
  choices: [
    {
      claimId: 'nport',
      value: '10108107972.19',
      unit: 'USD',
      asOf: '2024-06-30',
      extractorId: 'nport-xml',
      artefactSha256: sha,
    },
    {
      claimId: 'navfile',
      value: '9870000000.00',
      unit: 'USD',
      asOf: '2024-06-28',
      extractorId: 'nav-history',
      artefactSha256: sha,
    },
  ],
  materiality: {
    policyId: 'materiality@1',
    total: '0.9140',
    severity: 'high',
    breakdown: { severity: '1.0000', magnitude: '1.0000', confidence: '0.8200', persistence: '0.5000' },
    thresholdCrossed: true,
  },
  slaDueAt: '2026-11-06T10:30:00.000Z',
  at: raisedAt,
};
const missingField: ExceptionRaisedV1 = {
  ...conflict,
  exceptionId: 'exc-2',
  kind: 'missing_field',
  severity: 'medium',
  requiresReviewerDecision: false,
  fingerprint: 'fund-7|missing_field|missing_field:fund.lei',
  suggestion: undefined,
  choices: undefined,
};
delete missingField.suggestion;
delete missingField.choices;

const raised = (exception = conflict): ExceptionEvent => ({ type: 'ExceptionRaised', data: exception });
const decide = (
  actor: Actor,
  decision: DecideException['data']['decision'],
  exceptionId = 'exc-1',
): ExceptionCommand => ({
  type: 'DecideException',
  data: { exceptionId, actor, decision },
  metadata: { now },
});

describe('exception lifecycle', () => {
  describe('raise', () => {
    it('given nothing, when raised, then it is open', () => {
      spec
        .given([])
        .when({ type: 'RaiseException', data: { exception: conflict }, metadata: { now } })
        .then([raised()]);
      expect(fold(exceptionDecider, [raised()]).status).toBe('open');
    });

    it('a replayed run raising the same exception decides nothing; other content under the same id is refused', () => {
      spec
        .given([raised()])
        .when({ type: 'RaiseException', data: { exception: conflict }, metadata: { now } })
        .then([]);
      spec
        .given([raised()])
        .when({
          type: 'RaiseException',
          data: { exception: { ...conflict, title: 'other' } },
          metadata: { now },
        })
        .thenThrows(ExceptionAlreadyRaisedError);
    });
  });

  describe('assign', () => {
    it('an operator assigns it; assigning the same person again decides nothing', () => {
      const assign: ExceptionCommand = {
        type: 'AssignException',
        data: { exceptionId: 'exc-1', assignee: 'reviewer-3', actor: operator },
        metadata: { now },
      };
      const assigned: ExceptionEvent = {
        type: 'ExceptionAssigned',
        data: { exceptionId: 'exc-1', assignee: 'reviewer-3', actor: 'operator-1', at },
      };
      spec.given([raised()]).when(assign).then([assigned]);
      spec.given([raised(), assigned]).when(assign).then([]);
    });

    it('refuses read-only users and unknown exceptions', () => {
      spec
        .given([raised()])
        .when({
          type: 'AssignException',
          data: { exceptionId: 'exc-1', assignee: 'x', actor: readOnly },
          metadata: { now },
        })
        .thenThrows(ExceptionActionForbiddenError);
      spec
        .given([])
        .when(decide(reviewer, { action: 'reject', rationale: 'x' }))
        .thenThrows(ExceptionNotFoundError);
    });
  });

  describe('accept', () => {
    it('a reviewer accepting a conflict records the suggested source, value, rationale and time-to-close', () => {
      spec
        .given([raised()])
        .when(decide(reviewer, { action: 'accept', rationale: 'the filing is audited and as of month end' }))
        .then([
          {
            type: 'ExceptionResolved',
            data: {
              exceptionId: 'exc-1',
              action: 'accept',
              actor: 'reviewer-3',
              rationale: 'the filing is audited and as of month end',
              resolution: {
                value: '10108107972.19',
                unit: 'USD',
                source: { kind: 'claim', claimId: 'nport', artefactSha256: sha, extractorId: 'nport-xml' },
              },
              timeToCloseSeconds: 9000,
              at,
            },
          },
        ]);
    });

    it('a reviewer may choose another disputed statement, but not a claim outside the conflict', () => {
      const [event] = spec
        .given([raised()])
        .when(decide(reviewer, { action: 'accept', rationale: 'newer data', chosenClaimId: 'navfile' }))
        .thenEvents();
      expect(event).toMatchObject({
        type: 'ExceptionResolved',
        data: { resolution: { value: '9870000000.00', source: { claimId: 'navfile' } } },
      });
      spec
        .given([raised()])
        .when(decide(reviewer, { action: 'accept', rationale: 'x', chosenClaimId: 'other' }))
        .thenThrows(ConflictChoiceInvalidError);
    });

    it('a high-severity contradiction requires a reviewer: an operator is refused', () => {
      spec
        .given([raised()])
        .when(decide(operator, { action: 'accept', rationale: 'looks fine' }))
        .thenThrows(ReviewerDecisionRequiredError, { code: 'REVIEWER_DECISION_REQUIRED' });
    });

    it('an operator may accept an ordinary exception (a known gap), which records no value', () => {
      const [event] = spec
        .given([raised(missingField)])
        .when(decide(operator, { action: 'accept', rationale: 'LEI not issued yet' }, 'exc-2'))
        .thenEvents();
      expect(event).toMatchObject({ type: 'ExceptionResolved', data: { action: 'accept' } });
      expect((event.data as { resolution?: unknown }).resolution).toBeUndefined();
    });
  });

  describe('edit', () => {
    it('records the reviewer’s value as the resolution', () => {
      const [event] = spec
        .given([raised()])
        .when(
          decide(reviewer, {
            action: 'edit',
            rationale: 'administrator confirmed',
            value: '10100000000',
            unit: 'USD',
          }),
        )
        .thenEvents();
      expect(event.data).toMatchObject({
        action: 'edit',
        resolution: { value: '10100000000', unit: 'USD', source: { kind: 'reviewer_edit' } },
      });
    });

    it('refuses an edit without a value', () => {
      spec
        .given([raised()])
        .when(decide(reviewer, { action: 'edit', rationale: 'x', value: ' ', unit: 'USD' }))
        .thenThrows(EditValueRequiredError);
    });
  });

  describe('reject', () => {
    it('resolves without a value', () => {
      const [event] = spec
        .given([raised()])
        .when(decide(reviewer, { action: 'reject', rationale: 'the NAV file is a draft' }))
        .thenEvents();
      expect(event).toMatchObject({
        type: 'ExceptionResolved',
        data: { action: 'reject', timeToCloseSeconds: 9000 },
      });
    });
  });

  describe('rationale', () => {
    it.each(['accept', 'edit', 'reject', 'monitor'] as const)('refuses %s without a rationale', (action) => {
      const decision = (
        action === 'edit' ? { action, rationale: '', value: '1', unit: 'USD' } : { action, rationale: '' }
      ) as DecideException['data']['decision'];
      spec
        .given([raised()])
        .when(decide(reviewer, decision))
        .thenThrows(RationaleRequiredError, { code: 'RATIONALE_REQUIRED' });
    });
  });

  describe('monitor and follow-up', () => {
    const monitoring: ExceptionEvent = {
      type: 'ExceptionMonitoringStarted',
      data: { exceptionId: 'exc-1', actor: 'reviewer-3', rationale: 'timing difference', at },
    };

    it('open → monitoring', () => {
      spec
        .given([raised()])
        .when(decide(reviewer, { action: 'monitor', rationale: 'timing difference' }))
        .then([monitoring]);
      expect(fold(exceptionDecider, [raised(), monitoring]).status).toBe('monitoring');
    });

    it('monitoring → resolved; monitoring twice is refused', () => {
      const [event] = spec
        .given([raised(), monitoring])
        .when(decide(reviewer, { action: 'reject', rationale: 'resolved itself' }))
        .thenEvents();
      expect(event.type).toBe('ExceptionResolved');
      spec
        .given([raised(), monitoring])
        .when(decide(reviewer, { action: 'monitor', rationale: 'again' }))
        .thenThrows(ExceptionTransitionNotAllowedError);
    });

    it('a follow-up records the next action and keeps the status; it needs the action', () => {
      const request = decide(operator, {
        action: 'follow_up',
        nextAction: 'ask the administrator',
        dueAt: '2026-11-10T17:00:00.000Z',
      });
      const followUp: ExceptionEvent = {
        type: 'ExceptionFollowUpRequested',
        data: {
          exceptionId: 'exc-1',
          actor: 'operator-1',
          nextAction: 'ask the administrator',
          dueAt: '2026-11-10T17:00:00.000Z',
          at,
        },
      };
      spec.given([raised(), monitoring]).when(request).then([followUp]);
      expect(fold(exceptionDecider, [raised(), monitoring, followUp])).toMatchObject({
        status: 'monitoring',
        nextAction: { text: 'ask the administrator', dueAt: '2026-11-10T17:00:00.000Z' },
      });
      spec
        .given([raised()])
        .when(decide(operator, { action: 'follow_up', nextAction: '' }))
        .thenThrows(RationaleRequiredError);
    });
  });

  describe('resolved is final', () => {
    it('refuses any further decision or assignment', () => {
      const resolved = spec
        .given([raised()])
        .when(decide(reviewer, { action: 'reject', rationale: 'draft file' }))
        .thenEvents();
      spec
        .given([raised(), ...resolved])
        .when(decide(reviewer, { action: 'accept', rationale: 'x' }))
        .thenThrows(ExceptionAlreadyResolvedError);
      spec
        .given([raised(), ...resolved])
        .when({
          type: 'AssignException',
          data: { exceptionId: 'exc-1', assignee: 'x', actor: operator },
          metadata: { now },
        })
        .thenThrows(ExceptionAlreadyResolvedError);
    });
  });

  it('is overdue past its SLA until resolved', () => {
    const state = fold(exceptionDecider, [raised()]);
    expect(isOverdue(state, new Date('2026-11-06T10:29:00.000Z'))).toBe(false);
    expect(isOverdue(state, new Date('2026-11-06T10:31:00.000Z'))).toBe(true);
  });
});
