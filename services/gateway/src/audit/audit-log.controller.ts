import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { decodeCursor, pageOf } from '../api/pagination';
import { AuditEntryRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this user’s actions.' }) @IsOptional() @IsString() actor?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() portfolioId?: string;
}

/** The audit log of user actions in the caller's tenant, newest first. */
@ApiTags('audit')
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Endpoint('audit.read', 'Every user action in the tenant: who, what, when, outcome')
  @ApiOkResponse({ type: PageResponse })
  async list(@Caller() caller: Principal, @Query() query: AuditQuery) {
    const rows = this.dataSource
      .getRepository(AuditEntryRow)
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenant', { tenant: caller.tenantId });
    if (query.actor) rows.andWhere('e.actor = :actor', { actor: query.actor });
    if (query.portfolioId) rows.andWhere('e.portfolio_id = :portfolioId', { portfolioId: query.portfolioId });
    const position = decodeCursor(query.cursor);
    if (position) rows.andWhere('e.seq < :seq', { seq: position.id });
    const entries = await rows
      .orderBy('e.seq', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    return pageOf(
      entries,
      query.limit,
      (entry) => ({ after: 0, id: entry.seq }),
      (entry) => entry,
    );
  }
}
