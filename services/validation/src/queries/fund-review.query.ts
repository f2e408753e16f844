import { FundReviewNotFoundError, type GetFundReviewReply, type GetFundReviewRequest } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ValidationTables } from '../infrastructure/validation-tables';
import { fundReview } from '../fund-review/fund-review';

/** GetFundReview: one fund of one run as validation has it now (resolutions applied). */
export class FundReviewQuery {
  constructor(
    private readonly db: SqlExecutor,
    private readonly tables: ValidationTables,
  ) {}

  async run(request: GetFundReviewRequest): Promise<GetFundReviewReply> {
    const review = await this.tables.fundReview(this.db, request.runId, request.fundId);
    const run = await this.tables.run(this.db, request.runId);
    if (!review || !run || review.cycleId !== request.cycleId)
      throw new FundReviewNotFoundError(request.runId, request.fundId);
    const exceptions = await this.tables.exceptionsOfFund(this.db, request.runId, request.fundId);
    const alerts = await this.tables.alertsOfFund(this.db, request.runId, request.fundId);
    return fundReview(review, run, exceptions, alerts);
  }
}
