import {
  ExceptionQueueCursorInvalidError,
  type ExceptionQueueItem,
  type GetExceptionQueueReply,
  type GetExceptionQueueRequest,
} from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import { exceptionRow } from '../infrastructure/validation-tables';

const DEFAULT_LIMIT = 100;

const FILTERS: ReadonlyArray<[keyof GetExceptionQueueRequest, string]> = [
  ['portfolioId', 'portfolio_id'],
  ['cycleId', 'cycle_id'],
  ['runId', 'run_id'],
  ['fundId', 'fund_id'],
  ['severity', 'severity'],
  ['kind', 'kind'],
  ['category', 'category'],
  ['assignee', 'assignee'],
];

/** A page position: the last item's materiality and id, in the queue's order. */
function encodeCursor(materiality: string, exceptionId: string): string {
  return Buffer.from(JSON.stringify([materiality, exceptionId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(position) &&
      position.length === 2 &&
      /^-?[0-9]+(\.[0-9]+)?$/.test(String(position[0])) &&
      typeof position[1] === 'string'
    )
      return [String(position[0]), position[1]];
  } catch {
    // falls through to the refusal
  }
  throw new ExceptionQueueCursorInvalidError();
}

/**
 * The exception queue, most material first (ties by id), by keyset pagination: each page
 * continues after the last item of the one before, so concurrent changes never repeat or skip
 * an item that stays in the queue. The indexes of migration 2000 serve each filter in this order.
 */
export class ExceptionQueueQuery {
  private readonly table: string;

  constructor(
    private readonly db: SqlExecutor,
    schema: string,
  ) {
    this.table = `${ident(schema)}.exceptions`;
  }

  async run(request: GetExceptionQueueRequest): Promise<GetExceptionQueueReply> {
    const params: unknown[] = [];
    const where: string[] = [];
    const bind = (value: unknown) => `$${params.push(value)}`;
    for (const [filter, column] of FILTERS) {
      if (request[filter] !== undefined) where.push(`${column} = ${bind(request[filter])}`);
    }
    where.push(request.status ? `status = ${bind(request.status)}` : `status IN ('open', 'monitoring')`);
    if (request.cursor) {
      const [materiality, exceptionId] = decodeCursor(request.cursor);
      const after = bind(materiality);
      where.push(
        `(materiality < ${after}::numeric OR (materiality = ${after}::numeric AND exception_id > ${bind(exceptionId)}))`,
      );
    }
    const limit = request.limit ?? DEFAULT_LIMIT;
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM ${this.table} WHERE ${where.join(' AND ')}
       ORDER BY materiality DESC, exception_id LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows
      .slice(0, limit)
      .map(exceptionRow)
      .map((row): ExceptionQueueItem => ({
        exceptionId: row.raised.exceptionId,
        portfolioId: row.raised.portfolioId,
        cycleId: row.raised.cycleId,
        runId: row.raised.runId,
        fundId: row.raised.fundId,
        kind: row.raised.kind,
        ...(row.category !== undefined && { category: row.category as ExceptionQueueItem['category'] }),
        severity: row.raised.severity,
        blocking: row.raised.blocking,
        status: row.status,
        materialityScore: row.raised.materiality.total,
        title: row.raised.title,
        ...(row.raised.fieldKey !== undefined && { fieldKey: row.raised.fieldKey }),
        ...(row.assignee !== undefined && { assignee: row.assignee }),
        slaDueAt: row.raised.slaDueAt,
        raisedAt: row.raised.at,
        ...(row.resolvedAt !== undefined && { resolvedAt: row.resolvedAt }),
        ...(row.timeToCloseSeconds !== undefined && { timeToCloseSeconds: row.timeToCloseSeconds }),
      }));
    const last = items[items.length - 1];
    return {
      items,
      ...(rows.length > limit &&
        last && { nextCursor: encodeCursor(last.materialityScore, last.exceptionId) }),
    };
  }
}
