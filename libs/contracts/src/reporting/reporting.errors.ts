import { FaiError } from '../errors';

/*
 * Reporting's refusals. Their codes and details cross the wire in command replies, so they are part
 * of the contract: the gateway and clients match on `code`, never on the message.
 */

export class PublicationNotApprovedError extends FaiError {
  constructor(cycleId: string, fundId: string, state: string) {
    super({
      code: 'PUBLICATION_NOT_APPROVED',
      message: `fund ${fundId} of cycle ${cycleId} cannot be published: its latest draft is ${state}, not approved`,
      hint: 'Submit the latest draft for review and have it approved by someone other than the operator and the submitter, then publish.',
      details: { cycleId, fundId, state },
    });
  }
}

export class AlreadyPublishedError extends FaiError {
  constructor(cycleId: string, fundId: string, reportId: string) {
    super({
      code: 'ALREADY_PUBLISHED',
      message: `fund ${fundId} of cycle ${cycleId} is already published as ${reportId}`,
      hint: 'A published report is final: changes need a new cycle or a rerun.',
      details: { cycleId, fundId, reportId },
    });
  }
}

export class MemoNotFoundError extends FaiError {
  constructor(cycleId: string, fundId: string) {
    super({
      code: 'MEMO_NOT_FOUND',
      message: `fund ${fundId} of cycle ${cycleId} has no drafted memo`,
      hint: 'Check the cycle and fund ids; a fund is drafted once validation reports it ready for report.',
      details: { cycleId, fundId },
    });
  }
}

export class ExportLogQueryInvalidError extends FaiError {
  constructor(detail: string) {
    super({
      code: 'EXPORT_LOG_QUERY_INVALID',
      message: `the export log query is invalid: ${detail}`,
      hint: 'Give either reportId, or cycleId together with fundId.',
      details: { detail },
    });
  }
}

export class ExportLogCursorInvalidError extends FaiError {
  constructor(cursor: string) {
    super({
      code: 'EXPORT_LOG_CURSOR_INVALID',
      message: `"${cursor}" is not a cursor of the export log`,
      hint: 'Pass back the nextCursor of the previous page unchanged, or omit it to start from the first entry.',
      details: { cursor },
    });
  }
}

export class OutputContentDeletedError extends FaiError {
  constructor(sha256: string, outputId: string, deletedAt: string) {
    super({
      code: 'OUTPUT_CONTENT_DELETED',
      message: `the content of output ${outputId} (${sha256}) was deleted by output retention at ${deletedAt}`,
      hint: 'Its registry row and sha256 remain; the ReportOutputContentDeleted event says which policy deleted it. Restore the bytes from an output store backup if they are needed again.',
      details: { sha256, outputId, deletedAt },
    });
  }
}
