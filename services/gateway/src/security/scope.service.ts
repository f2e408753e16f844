import { Injectable } from '@nestjs/common';
import { DataSource, type EntityTarget, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { NotFoundError } from '../api/problem';
import { PortfolioRow } from '../projections/read-model.entities';
import { PortfolioTenants } from './portfolio-tenants';
import { inScope, type Principal } from './principal';
import { OutOfScopeError } from './security-errors';

/**
 * Tenant and portfolio scope, checked on every read and command: a portfolio's tenant comes from the
 * gateway's read model, so a caller only ever reaches portfolios of its own tenant and scope.
 */
@Injectable()
export class ScopeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tenants: PortfolioTenants,
  ) {}

  /** The ids of every portfolio the principal may see. */
  async visiblePortfolioIds(principal: Principal): Promise<string[]> {
    const query = this.dataSource
      .getRepository(PortfolioRow)
      .createQueryBuilder('p')
      .select('p.id', 'id')
      .where('p.tenant_id = :tenant', { tenant: principal.tenantId });
    if (principal.portfolios !== 'all')
      query.andWhere('p.id = ANY(:ids)', { ids: [...principal.portfolios] });
    const rows: Array<{ id: string }> = await query.getRawMany();
    return rows.map((row) => row.id);
  }

  /** A read of a portfolio-owned read model, narrowed to the portfolios the principal may see. */
  async visibleRows<R extends ObjectLiteral>(
    principal: Principal,
    entity: EntityTarget<R>,
    alias: string,
  ): Promise<SelectQueryBuilder<R>> {
    const visible = await this.visiblePortfolioIds(principal);
    return this.dataSource
      .getRepository(entity)
      .createQueryBuilder(alias)
      .where(`${alias}.portfolio_id = ANY(:visible)`, { visible });
  }

  /**
   * The portfolio, when the principal may see it. Out of scope is 403 whether or not the portfolio
   * exists elsewhere; 404 only inside the caller's own scope.
   */
  async portfolio(principal: Principal, portfolioId: string): Promise<PortfolioRow> {
    await this.assertPortfolio(principal, portfolioId);
    const row = await this.dataSource.getRepository(PortfolioRow).findOneBy({ id: portfolioId });
    if (!row) throw new NotFoundError('portfolio', portfolioId);
    return row;
  }

  /** Checks a portfolio or a resource of one: refused unless the portfolio is in the principal's scope. */
  async assertPortfolio(principal: Principal, portfolioId: string | null): Promise<void> {
    if (portfolioId === null) throw new OutOfScopeError();
    if (principal.portfolios !== 'all' && !principal.portfolios.includes(portfolioId))
      throw new OutOfScopeError();
    const tenantId = await this.tenants.tenantOf(portfolioId);
    if (tenantId === undefined) throw new NotFoundError('portfolio', portfolioId);
    if (!inScope(principal, tenantId, portfolioId)) throw new OutOfScopeError();
  }
}
