import { Inject, Injectable } from '@nestjs/common';
import { ident, type SqlDatabase, type SqlExecutor } from '@fai/event-store';
import { FAI_CONFIG, SQL_DATABASE } from '@fai/service-kit';
import type { GatewayStoreConfig } from '../gateway.config';

/** Announced instead of a portfolio id when every portfolio row may have changed (a rebuild). */
const EVERY_PORTFOLIO = '*';

/** The channel on which the read models announce a changed portfolio row, one per gateway schema. */
function portfolioChannel(schema: string): string {
  return `${schema}.portfolio`;
}

/**
 * Announces, inside the read-model transaction, that a portfolio row changed: PostgreSQL delivers it
 * to every gateway replica once the transaction commits (never on rollback).
 */
export async function announcePortfolioChange(
  tx: SqlExecutor,
  schema: string,
  portfolioId: string = EVERY_PORTFOLIO,
): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [portfolioChannel(schema), portfolioId]);
}

/**
 * Each portfolio's tenant, the scope fact every read and command checks, kept in memory so a
 * request spends no round trip on it. An entry is dropped when the read models announce a change of
 * its portfolio (any replica's projection consumer, or a rebuild); while not listening, every look-up
 * reads the read model. Portfolios not found are never kept: a new one is visible at once.
 */
@Injectable()
export class PortfolioTenants {
  private readonly tenants = new Map<string, string>();
  private readonly table: string;
  private readonly channel: string;
  /** Moves on every announced change: a look-up begun before one does not keep what it read. */
  private changes = 0;
  private stopListening?: () => Promise<void>;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(FAI_CONFIG) config: GatewayStoreConfig,
  ) {
    this.table = `${ident(config.FAI_PG_SCHEMA)}.portfolio`;
    this.channel = portfolioChannel(config.FAI_PG_SCHEMA);
  }

  async start(): Promise<void> {
    this.stopListening ??= await this.db.listen(this.channel, (portfolioId) => this.forget(portfolioId));
    // Changes announced before the listener was up were never heard.
    this.forget(EVERY_PORTFOLIO);
  }

  async stop(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = undefined;
    this.forget(EVERY_PORTFOLIO);
    await stop?.();
  }

  /** The portfolio's tenant, or undefined when the read model has no such portfolio. */
  async tenantOf(portfolioId: string): Promise<string | undefined> {
    const known = this.tenants.get(portfolioId);
    if (known !== undefined) return known;
    const seen = this.changes;
    const { rows } = await this.db.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM ${this.table} WHERE id = $1`,
      [portfolioId],
    );
    const tenant = rows[0]?.tenant_id;
    if (tenant !== undefined && this.stopListening !== undefined && seen === this.changes)
      this.tenants.set(portfolioId, tenant);
    return tenant;
  }

  private forget(portfolioId: string): void {
    this.changes++;
    if (portfolioId === EVERY_PORTFOLIO) this.tenants.clear();
    else this.tenants.delete(portfolioId);
  }
}
