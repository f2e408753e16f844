import {
  ExportLogCursorInvalidError,
  ExportLogQueryInvalidError,
  MemoNotFoundError,
  type GetExportLogReply,
  type GetExportLogRequest,
  type GetKpiSnapshotReply,
  type GetKpiSnapshotRequest,
} from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import type { OutputStore } from '../infrastructure/output-store';
import type { ExportLogSelector, ReportingRepository } from '../infrastructure/reporting.repository';
import type { MemoInput } from '../memo/memo-input';

const DEFAULT_EXPORT_LOG_PAGE = 100;

export interface ReportingQueriesDeps {
  executor: SqlExecutor;
  repository: ReportingRepository;
  outputs: OutputStore;
}

/** GetKpiSnapshot and GetExportLog: what reporting answers about its memos and distributions. */
export class ReportingQueries {
  constructor(private readonly deps: ReportingQueriesDeps) {}

  /** The KPI snapshot of the fund's latest draft, read from the memo input it was rendered from. */
  async kpiSnapshot(request: GetKpiSnapshotRequest): Promise<GetKpiSnapshotReply> {
    const { latestDraft } = await this.deps.repository.publicationState(
      this.deps.executor,
      request.cycleId,
      request.fundId,
    );
    if (!latestDraft) throw new MemoNotFoundError(request.cycleId, request.fundId);
    const input = JSON.parse(
      (await this.deps.outputs.get(latestDraft.inputSha256)).toString('utf8'),
    ) as MemoInput;
    return {
      cycleId: request.cycleId,
      fundId: request.fundId,
      runId: latestDraft.runId,
      memoId: latestDraft.memoId,
      version: latestDraft.version,
      memoInputSha256: latestDraft.inputSha256,
      kpiConfigId: input.kpiConfigId,
      // The contract types a figure's details as an open record, which interfaces do not declare;
      // the command server checks this reply against the contract before it leaves.
      kpi: input.kpi as GetKpiSnapshotReply['kpi'],
    };
  }

  /** A page of the export log; the cursor is the last entry's id (entries are numbered in order). */
  async exportLog(request: GetExportLogRequest): Promise<GetExportLogReply> {
    const selector = selectorOf(request);
    if (request.cursor !== undefined && !/^\d{1,18}$/.test(request.cursor))
      throw new ExportLogCursorInvalidError(request.cursor);
    const limit = request.limit ?? DEFAULT_EXPORT_LOG_PAGE;
    const rows = await this.deps.repository.exportLog(
      this.deps.executor,
      selector,
      request.cursor ?? '0',
      limit + 1,
    );
    const entries = rows.slice(0, limit);
    return rows.length > limit ? { entries, nextCursor: entries[limit - 1].exportId } : { entries };
  }
}

function selectorOf(request: GetExportLogRequest): ExportLogSelector {
  const { reportId, cycleId, fundId } = request;
  if (reportId !== undefined) {
    if (cycleId !== undefined || fundId !== undefined)
      throw new ExportLogQueryInvalidError('give reportId or cycleId with fundId, not both');
    return { reportId };
  }
  if (cycleId === undefined || fundId === undefined)
    throw new ExportLogQueryInvalidError('cycleId and fundId go together');
  return { cycleId, fundId };
}
