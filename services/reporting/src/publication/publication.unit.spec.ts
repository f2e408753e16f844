import type { PublishFundRequest } from '@fai/contracts';
import {
  decidePublication,
  publicationRefusedAlert,
  reportIdOf,
  type FundPublicationState,
  type LatestDraft,
} from './publication';

const request: PublishFundRequest = {
  commandId: 'cmd-publish-1',
  actor: 'ops-5',
  reason: 'monthly distribution',
  cycleId: 'pf-1-2026-10-scheduled',
  fundId: 'fund-a',
};
const stamp = {
  approvedBy: 'approver-9',
  submittedBy: 'analyst-7',
  approvedAt: '2026-11-06T15:00:00.000Z',
  notes: 'ok',
};
const draft = (approval: LatestDraft['approval']): LatestDraft => ({
  memoId: 'memo-1',
  portfolioId: 'pf-1',
  runId: 'pf-1-2026-10-scheduled-run-1',
  version: 2,
  inputSha256: 'a'.repeat(64),
  packSha256: 'b'.repeat(64),
  approval,
});
const state = (latestDraft: LatestDraft | null, published: FundPublicationState['published'] = null) => ({
  latestDraft,
  published,
});

describe('publishing a fund’s memo', () => {
  it('publishes the latest draft once it is approved, with its approval stamp', () => {
    expect(decidePublication(request, state(draft({ state: 'approved', ...stamp })))).toEqual({
      kind: 'publish',
      reportId: reportIdOf('memo-1'),
      draft: draft({ state: 'approved', ...stamp }),
      stamp,
    });
  });

  it.each([
    ['pending', { state: 'pending' as const }],
    ['rejected', { state: 'rejected' as const, rejectedBy: 'approver-9', at: stamp.approvedAt }],
  ])('refuses a %s draft with PUBLICATION_NOT_APPROVED', (status, approval) => {
    expect(() => decidePublication(request, state(draft(approval)))).toThrow(
      expect.objectContaining({
        code: 'PUBLICATION_NOT_APPROVED',
        details: expect.objectContaining({ state: status }),
      }),
    );
  });

  it('refuses a fund with no draft with MEMO_NOT_FOUND', () => {
    expect(() => decidePublication(request, state(null))).toThrow(
      expect.objectContaining({ code: 'MEMO_NOT_FOUND' }),
    );
  });

  it('refuses a second publication with ALREADY_PUBLISHED, but replays the same command', () => {
    const reply = {
      reportId: 'report-1',
      files: [{ kind: 'memo_pdf' as const, sha256: 'c'.repeat(64), uri: 'fai-output://sha256/c', bytes: 1 }],
    };
    const published = state(draft({ state: 'approved', ...stamp }), {
      reportId: 'report-1',
      commandId: request.commandId,
      reply,
    });

    expect(() => decidePublication({ ...request, commandId: 'cmd-publish-2' }, published)).toThrow(
      expect.objectContaining({
        code: 'ALREADY_PUBLISHED',
        details: expect.objectContaining({ reportId: 'report-1' }),
      }),
    );
    expect(decidePublication(request, published)).toEqual({ kind: 'replay', reply });
  });

  it('raises one operator alert per refused command', () => {
    let refusal: unknown;
    try {
      decidePublication(request, state(draft({ state: 'pending' })));
    } catch (error) {
      refusal = error;
    }
    const alert = publicationRefusedAlert(request, refusal as never, 'pf-1');

    expect(alert).toEqual(
      expect.objectContaining({
        kind: 'publication_not_approved',
        fundId: 'fund-a',
        cycleId: 'pf-1-2026-10-scheduled',
        portfolioId: 'pf-1',
      }),
    );
    expect(publicationRefusedAlert(request, refusal as never, 'pf-1').alertId).toBe(alert.alertId);
  });
});
