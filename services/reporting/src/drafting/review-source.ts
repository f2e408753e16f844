import {
  getClaimsV1,
  getFundReviewV1,
  type ClaimView,
  type GetClaimsReply,
  type GetClaimsRequest,
  type GetFundReviewReply,
  type GetFundReviewRequest,
} from '@fai/contracts';
import type { CommandClient } from '@fai/messaging';
import type { ClaimSetView } from '../memo/memo-input';

/** What a draft is built from, as validation and extraction answer their queries now. */
export interface FundDraftSources {
  review: GetFundReviewReply;
  claims: ClaimView[];
  claimSets: ClaimSetView[];
}

const CLAIMS_PAGE = 1000;

/**
 * Asks validation for the fund's review (GetFundReview) and extraction for the run's claims
 * (GetClaims, every page), over the command subjects of the deployment's prefix.
 */
export class ReviewSource {
  constructor(
    private readonly commands: Pick<CommandClient, 'send'>,
    private readonly subjectPrefix: string,
  ) {}

  async fundSources(request: GetFundReviewRequest, correlationId: string): Promise<FundDraftSources> {
    const review = await this.commands.send<GetFundReviewReply>(
      this.subject(getFundReviewV1.subject),
      request,
      { correlationId },
    );
    const claims: ClaimView[] = [];
    const claimSets = new Map<string, ClaimSetView>();
    let cursor: string | undefined;
    do {
      const page: GetClaimsRequest = {
        runId: request.runId,
        limit: CLAIMS_PAGE,
        ...(cursor ? { cursor } : {}),
      };
      const reply = await this.commands.send<GetClaimsReply>(this.subject(getClaimsV1.subject), page, {
        correlationId,
      });
      claims.push(...reply.claims);
      for (const set of reply.claimSets) claimSets.set(set.sha256, set);
      cursor = reply.nextCursor;
    } while (cursor);
    return { review, claims, claimSets: [...claimSets.values()] };
  }

  private subject(contractSubject: string): string {
    return contractSubject.replace(/^[^.]+/, this.subjectPrefix);
  }
}
