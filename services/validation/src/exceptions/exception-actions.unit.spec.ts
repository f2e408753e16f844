import { decisionOf, exceptionCommand } from './exception-actions.handler';

const base = {
  commandId: 'c-1',
  actor: 'reviewer-1',
  actorRoles: ['reviewer' as const],
  exceptionId: 'exc-1',
};
const now = new Date('2026-11-04T12:00:00.000Z');

describe('an action on an exception', () => {
  it('is the lifecycle command its action names', () => {
    expect(exceptionCommand({ ...base, action: 'assign', assignee: 'reviewer-2' }, now)).toEqual({
      type: 'AssignException',
      data: {
        exceptionId: 'exc-1',
        actor: { userId: 'reviewer-1', roles: ['reviewer'] },
        assignee: 'reviewer-2',
      },
      metadata: { now },
    });
    const decision = (request: Parameters<typeof exceptionCommand>[0]) => {
      const command = exceptionCommand(request, now);
      return command.type === 'DecideException' ? command.data.decision : undefined;
    };
    expect(decision({ ...base, action: 'edit', rationale: 'why', value: '1.5', unit: 'percent' })).toEqual({
      action: 'edit',
      rationale: 'why',
      value: '1.5',
      unit: 'percent',
    });
    expect(decision({ ...base, action: 'accept', rationale: 'why', chosenClaimId: 'claim-2' })).toEqual({
      action: 'accept',
      rationale: 'why',
      chosenClaimId: 'claim-2',
    });
    expect(decision({ ...base, action: 'follow_up', nextAction: 'ask' })).toEqual({
      action: 'follow_up',
      nextAction: 'ask',
    });
    // A missing rationale reaches the decider as empty text, which it refuses.
    expect(decision({ ...base, action: 'reject' })).toEqual({ action: 'reject', rationale: '' });
  });

  it('appears in the review’s history with the chosen value and source of a resolution', () => {
    expect(
      decisionOf({
        type: 'ExceptionResolved',
        data: {
          exceptionId: 'exc-1',
          action: 'edit',
          actor: 'reviewer-1',
          rationale: 'manager letter',
          resolution: { value: '0.25', unit: 'percent', source: { kind: 'reviewer_edit' } },
          timeToCloseSeconds: 60,
          at: '2026-11-04T12:00:00.000Z',
        },
      }),
    ).toEqual({
      action: 'edit',
      actor: 'reviewer-1',
      rationale: 'manager letter',
      at: '2026-11-04T12:00:00.000Z',
      chosenValue: '0.25',
      chosenUnit: 'percent',
      chosenSource: { kind: 'reviewer_edit' },
    });
    expect(
      decisionOf({
        type: 'ExceptionFollowUpRequested',
        data: {
          exceptionId: 'exc-1',
          actor: 'op',
          nextAction: 'call the manager',
          at: '2026-11-04T12:00:00.000Z',
        },
      }),
    ).toEqual({
      action: 'follow_up',
      actor: 'op',
      rationale: 'call the manager',
      at: '2026-11-04T12:00:00.000Z',
    });
  });
});
