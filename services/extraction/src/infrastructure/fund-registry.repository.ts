import { FaiError } from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import {
  registeredIdentifiers,
  type FundIdentifier,
  type FundIdentity,
  type IdentifierScheme,
  type RegisteredIdentifier,
  type Registry,
} from '../fund-resolution/fund-resolution';
import type { ExtractionTables } from './extraction-tables';

export class PortfolioUnknownError extends FaiError {
  constructor(portfolioId: string) {
    super({
      code: 'EXTRACTION_PORTFOLIO_UNKNOWN',
      message: `Portfolio ${portfolioId} changed, but extraction never saw it registered.`,
      hint: 'Replay the scheduler events of this portfolio to the extraction-funds consumer (from its PortfolioRegistered on).',
      details: { portfolioId },
    });
  }
}

/** The identifiers of every registered portfolio's funds, per tenant, as the scheduler's events give them. */
export class FundRegistryRepository {
  constructor(private readonly tables: ExtractionTables) {}

  async registerPortfolio(
    tx: SqlExecutor,
    portfolio: { portfolioId: string; tenantId: string; funds: readonly FundIdentity[] },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.tables.portfolios} (portfolio_id, tenant_id) VALUES ($1, $2)
       ON CONFLICT (portfolio_id) DO NOTHING`,
      [portfolio.portfolioId, portfolio.tenantId],
    );
    await this.replaceFunds(tx, portfolio.portfolioId, portfolio.tenantId, portfolio.funds);
  }

  /** A change carries the portfolio's whole fund list: it replaces what was known. */
  async changePortfolio(
    tx: SqlExecutor,
    portfolio: { portfolioId: string; funds: readonly FundIdentity[] },
  ): Promise<void> {
    const { rows } = await tx.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM ${this.tables.portfolios} WHERE portfolio_id = $1`,
      [portfolio.portfolioId],
    );
    if (rows.length === 0) throw new PortfolioUnknownError(portfolio.portfolioId);
    await this.replaceFunds(tx, portfolio.portfolioId, rows[0].tenant_id, portfolio.funds);
  }

  /** The tenant's registered identifiers among `identifiers`, and the schemes its funds are listed by. */
  async registry(
    executor: SqlExecutor,
    tenantId: string,
    identifiers: readonly FundIdentifier[],
  ): Promise<Registry> {
    const { rows: schemes } = await executor.query<{ scheme: IdentifierScheme }>(
      `SELECT DISTINCT scheme FROM ${this.tables.fundIdentifiers} WHERE tenant_id = $1`,
      [tenantId],
    );
    return {
      matches: await this.matching(executor, tenantId, identifiers),
      schemes: new Set(schemes.map((row) => row.scheme)),
    };
  }

  private async matching(
    executor: SqlExecutor,
    tenantId: string,
    identifiers: readonly FundIdentifier[],
  ): Promise<RegisteredIdentifier[]> {
    if (identifiers.length === 0) return [];
    const { rows } = await executor.query<{
      scheme: RegisteredIdentifier['scheme'];
      value: string;
      fund_id: string;
      share_class_id: string | null;
    }>(
      `SELECT DISTINCT f.scheme, f.value, f.fund_id, f.share_class_id
       FROM ${this.tables.fundIdentifiers} f
       JOIN json_to_recordset($2::json) AS wanted(scheme text, value text)
         ON wanted.scheme = f.scheme AND wanted.value = f.value
       WHERE f.tenant_id = $1`,
      [tenantId, JSON.stringify(identifiers)],
    );
    return rows.map((row) => ({
      scheme: row.scheme,
      value: row.value,
      fundId: row.fund_id,
      ...(row.share_class_id && { shareClassId: row.share_class_id }),
    }));
  }

  private async replaceFunds(
    tx: SqlExecutor,
    portfolioId: string,
    tenantId: string,
    funds: readonly FundIdentity[],
  ): Promise<void> {
    await tx.query(`DELETE FROM ${this.tables.fundIdentifiers} WHERE portfolio_id = $1`, [portfolioId]);
    const identifiers = funds.flatMap(registeredIdentifiers);
    if (identifiers.length === 0) return;
    await tx.query(
      `INSERT INTO ${this.tables.fundIdentifiers} (portfolio_id, tenant_id, fund_id, scheme, value, share_class_id)
       SELECT $1, $2, r."fundId", r.scheme, r.value, r."shareClassId"
       FROM json_to_recordset($3::json) AS r("fundId" text, scheme text, value text, "shareClassId" text)`,
      [portfolioId, tenantId, JSON.stringify(identifiers)],
    );
  }
}
