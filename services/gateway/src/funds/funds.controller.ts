import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { documentPage, whereEquals } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { NotFoundError } from '../api/problem';
import { FundRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';
import { fundKey } from './fund.projection';

export class FundSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Any ISIN of the fund or of one of its share classes.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/)
  isin?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  portfolioId?: string;
}

/** Canonical fund records: search by ISIN, profile with last validated cycle and latest snapshot. */
@ApiTags('funds')
@Controller('api/v1')
export class FundsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
  ) {}

  @Get('funds')
  @Endpoint('funds.search', 'Funds in scope, by ISIN or portfolio')
  @ApiOkResponse({ type: PageResponse })
  async search(@Caller() caller: Principal, @Query() query: FundSearchQuery) {
    const rows = whereEquals(await this.scope.visibleRows(caller, FundRow, 'f'), {
      portfolio_id: query.portfolioId,
    });
    if (query.isin) rows.andWhere(':isin = ANY(f.isins)', { isin: query.isin });
    return documentPage(rows, { column: 'id', type: 'text', direction: 'ASC' }, query);
  }

  @Get('portfolios/:portfolioId/funds/:fundId')
  @Endpoint('funds.read', 'A fund’s profile: identifiers, status, last validated cycle, latest snapshot')
  @ApiOkResponse({ type: ItemResponse })
  async read(
    @Caller() caller: Principal,
    @Param('portfolioId') portfolioId: string,
    @Param('fundId') fundId: string,
  ) {
    await this.scope.assertPortfolio(caller, portfolioId);
    const row = await this.dataSource.getRepository(FundRow).findOneBy({ id: fundKey(portfolioId, fundId) });
    if (!row) throw new NotFoundError('fund', fundId);
    return item(row.doc, {
      cycleId: row.doc.latestSnapshot?.cycleId ?? row.doc.lastValidatedCycleId ?? undefined,
      snapshotId: row.doc.latestSnapshot?.snapshotId,
    });
  }
}
