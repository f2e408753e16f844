import type { FundApprovedV1, FundRejectedV1 } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent } from '@fai/messaging';
import type { ReportingRepository } from '../infrastructure/reporting.repository';

/** The approval service's decisions on memos, kept in reporting's own table: publish-fund reads them. */
export class ApprovalEventsHandler {
  constructor(private readonly repository: ReportingRepository) {}

  async handle(event: ConsumedEvent<FundApprovedV1 | FundRejectedV1>, tx: SqlExecutor): Promise<void> {
    const { data } = event;
    await this.repository.recordApproval(
      tx,
      'approvedBy' in data
        ? {
            memoId: data.memoId,
            state: 'approved',
            actor: data.approvedBy,
            submittedBy: data.submittedBy,
            notes: data.notes,
            at: data.at,
          }
        : { memoId: data.memoId, state: 'rejected', actor: data.rejectedBy, notes: data.notes, at: data.at },
    );
  }
}
