import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { documentPage, whereEquals } from '../api/document-page';
import { PageResponse } from '../api/envelope';
import { FundFilterQuery } from '../api/page-query.dto';
import { FundAlertRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';

/** Alerts on material changes and exceptions (validation's AlertRaised), per portfolio. */
@ApiTags('alerts')
@Controller('api/v1/alerts')
export class FundAlertsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get()
  @Endpoint(
    'fund-alerts.list',
    'A portfolio’s alerts on material changes and exceptions, most material first',
  )
  @ApiOkResponse({ type: PageResponse })
  async alerts(@Caller() caller: Principal, @Query() query: FundFilterQuery) {
    await this.scope.assertPortfolio(caller, query.portfolioId);
    const rows = whereEquals(this.dataSource.getRepository(FundAlertRow).createQueryBuilder('a'), {
      portfolio_id: query.portfolioId,
      cycle_id: query.cycleId,
      fund_id: query.fundId,
      severity: query.severity,
    });
    return documentPage(rows, { column: 'materiality', type: 'numeric', direction: 'DESC' }, query);
  }
}
