import {
  AlreadyPublishedError,
  MemoNotFoundError,
  PublicationNotApprovedError,
  type OperatorAlertRaisedV1,
  type PublishFundReply,
  type PublishFundRequest,
} from '@fai/contracts';
import { canonicalDigest } from '../kpi/canonical-digest';
import type { ApprovalStamp } from '../memo/memo-view';

/*
 * Whether a fund's memo may be published for a cycle: only the fund's latest draft, only once it is
 * approved, and only once. Pure: the command handler loads the state, asks, and acts on the answer.
 */

export type DraftApproval =
  | { state: 'pending' }
  | { state: 'rejected'; rejectedBy: string; at: string }
  | ({ state: 'approved' } & ApprovalStamp);

export interface LatestDraft {
  memoId: string;
  portfolioId: string;
  runId: string;
  version: number;
  inputSha256: string;
  packSha256: string;
  approval: DraftApproval;
}

export interface FundPublicationState {
  latestDraft: LatestDraft | null;
  published: { reportId: string; commandId: string; reply: PublishFundReply } | null;
}

export type PublicationDecision =
  | { kind: 'publish'; reportId: string; draft: LatestDraft; stamp: ApprovalStamp }
  /** The same command again: its first reply, nothing new. */
  | { kind: 'replay'; reply: PublishFundReply };

export function decidePublication(
  request: PublishFundRequest,
  state: FundPublicationState,
): PublicationDecision {
  if (state.published)
    if (state.published.commandId === request.commandId)
      return { kind: 'replay', reply: state.published.reply };
    else throw new AlreadyPublishedError(request.cycleId, request.fundId, state.published.reportId);
  const draft = state.latestDraft;
  if (!draft) throw new MemoNotFoundError(request.cycleId, request.fundId);
  if (draft.approval.state !== 'approved')
    throw new PublicationNotApprovedError(request.cycleId, request.fundId, draft.approval.state);
  const { approvedBy, submittedBy, approvedAt, notes } = draft.approval;
  return {
    kind: 'publish',
    reportId: reportIdOf(draft.memoId),
    draft,
    stamp: { approvedBy, submittedBy, approvedAt, notes },
  };
}

export function reportIdOf(memoId: string): string {
  return `report-${canonicalDigest(['report', memoId]).slice(0, 24)}`;
}

/** The operator alert a refused publication raises; its id comes from the command, so a retry raises it once. */
export function publicationRefusedAlert(
  request: PublishFundRequest,
  refusal: PublicationNotApprovedError,
  portfolioId: string,
): OperatorAlertRaisedV1 {
  return {
    alertId: `alert-publication-${canonicalDigest(['publication_not_approved', request.commandId]).slice(0, 24)}`,
    kind: 'publication_not_approved',
    severity: 'warning',
    summary: `publication of fund ${request.fundId} in cycle ${request.cycleId} refused: not approved`,
    details: {
      actor: request.actor,
      reason: request.reason,
      commandId: request.commandId,
      ...refusal.details,
    },
    cycleId: request.cycleId,
    fundId: request.fundId,
    portfolioId,
  };
}
