import { Inject, Injectable } from '@nestjs/common';
import { ident, type SqlDatabase } from '@fai/event-store';
import { FAI_CONFIG, FAI_LOGGER, SQL_DATABASE } from '@fai/service-kit';
import type { Logger } from 'winston';
import type { GatewayConfig } from '../gateway.config';
import type { AuditEntry } from './audit-log.middleware';

/** Methods that change nothing: their entries may wait for the next batch. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const COLUMNS = [
  'at',
  'request_id',
  'actor',
  'tenant_id',
  'roles',
  'method',
  'path',
  'endpoint',
  'status',
  'outcome',
  'portfolio_id',
  'error_code',
] as const;

/** An entry as a row of audit_entry, stamped with the time its request finished. */
function rowOf(entry: AuditEntry, at: Date): Record<(typeof COLUMNS)[number], unknown> {
  return {
    at: at.toISOString(),
    request_id: entry.requestId,
    actor: entry.actor,
    tenant_id: entry.tenantId,
    roles: entry.roles,
    method: entry.method,
    path: entry.path,
    endpoint: entry.endpoint,
    status: entry.status,
    outcome: entry.outcome,
    portfolio_id: entry.portfolioId,
    error_code: entry.errorCode,
  };
}

/**
 * The audit log's writer. Read entries are kept in memory and written many rows per INSERT, every
 * FAI_AUDIT_FLUSH_MS or at FAI_AUDIT_BATCH_ROWS rows, so a read costs no round trip of its own; a
 * command's entry is written at once (with any reads waiting). `close` writes what is left: a
 * graceful stop loses nothing, a crash loses the reads of the last flush interval at most.
 */
@Injectable()
export class AuditLog {
  private readonly table: string;
  private readonly flushMs: number;
  private readonly batchRows: number;
  private pending: Array<Record<string, unknown>> = [];
  private timer?: NodeJS.Timeout;
  /** Batches are written one after another, in the order their requests finished. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(FAI_CONFIG) config: GatewayConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
  ) {
    this.table = `${ident(config.FAI_PG_SCHEMA)}.audit_entry`;
    this.flushMs = config.FAI_AUDIT_FLUSH_MS;
    this.batchRows = config.FAI_AUDIT_BATCH_ROWS;
  }

  record(entry: AuditEntry, at = new Date()): void {
    this.pending.push(rowOf(entry, at));
    if (!READ_METHODS.has(entry.method) || this.pending.length >= this.batchRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes every entry recorded so far; resolves once they are in the table (or logged as lost). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  close(): Promise<void> {
    return this.flush();
  }

  private async write(rows: Array<Record<string, unknown>>): Promise<void> {
    const columns = COLUMNS.join(', ');
    try {
      await this.db.query(
        `INSERT INTO ${this.table} (${columns})
         SELECT ${columns} FROM jsonb_populate_recordset(NULL::${this.table}, $1::jsonb)`,
        [JSON.stringify(rows)],
      );
    } catch (error) {
      this.logger.error('audit entries not written', { error, entries: rows });
    }
  }
}
