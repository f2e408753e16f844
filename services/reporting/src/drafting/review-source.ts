import {
  getClaimsV1,
  getExceptionQueueV1,
  getFundReviewV1,
  type ClaimView,
  type ExceptionQueueItem,
  type GetExceptionQueueReply,
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
const QUEUE_PAGE = 500;

/**
 * Asks validation for the fund's review (GetFundReview) and the run's exception queue
 * (GetExceptionQueue), and extraction for the run's claims (GetClaims), every page, over the command
 * subjects of the deployment's prefix.
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
    // The fund's claims only: a run's claims are every fund's, and a draft per fund must not read them all.
    const claimsPage: GetClaimsRequest = { runId: request.runId, fundId: request.fundId, limit: CLAIMS_PAGE };
    await this.everyPage<GetClaimsReply>(getClaimsV1.subject, claimsPage, correlationId, (reply) => {
      claims.push(...reply.claims);
      for (const set of reply.claimSets) claimSets.set(set.sha256, set);
    });
    return { review, claims, claimSets: [...claimSets.values()] };
  }

  /** The run's open and monitored exceptions, of every fund, drafted or not. */
  async exceptionQueue(runId: string, correlationId: string): Promise<ExceptionQueueItem[]> {
    const items: ExceptionQueueItem[] = [];
    await this.everyPage<GetExceptionQueueReply>(
      getExceptionQueueV1.subject,
      { runId, limit: QUEUE_PAGE },
      correlationId,
      (reply) => items.push(...reply.items),
    );
    return items;
  }

  /** Sends a paged query, then again with each reply's nextCursor until the last page. */
  private async everyPage<Reply extends { nextCursor?: string }>(
    contractSubject: string,
    request: Record<string, unknown>,
    correlationId: string,
    take: (reply: Reply) => void,
  ): Promise<void> {
    let cursor: string | undefined;
    do {
      const reply = await this.commands.send<Reply>(
        this.subject(contractSubject),
        { ...request, ...(cursor ? { cursor } : {}) },
        { correlationId },
      );
      take(reply);
      cursor = reply.nextCursor;
    } while (cursor);
  }

  private subject(contractSubject: string): string {
    return contractSubject.replace(/^[^.]+/, this.subjectPrefix);
  }
}
