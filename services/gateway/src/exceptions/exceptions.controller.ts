import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { actOnExceptionV1, CHANGE_CATEGORIES } from '@fai/contracts';
import { IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { CommandSender } from '../api/command-sender';
import { documentPage, whereEquals } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { FundFilterQuery } from '../api/page-query.dto';
import { NotFoundError } from '../api/problem';
import { ExceptionRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';
import { validationRoles } from './validation-roles';

const STATUSES = ['open', 'monitoring', 'resolved'] as const;
const ACTIONS = ['assign', 'monitor', 'follow_up', 'accept', 'edit', 'reject'] as const;

export class ExceptionQueueQuery extends FundFilterQuery {
  @ApiPropertyOptional({ enum: CHANGE_CATEGORIES }) @IsOptional() @IsIn(CHANGE_CATEGORIES) category?: string;
  @ApiPropertyOptional({ enum: STATUSES, description: 'Without it: open and monitoring.' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() assignee?: string;
}

export class ExceptionActionBody {
  @ApiProperty({ enum: ACTIONS }) @IsIn(ACTIONS) action!: (typeof ACTIONS)[number];
  @ApiPropertyOptional({ description: 'Required to accept, edit, reject or monitor.' })
  @IsOptional()
  @IsString()
  rationale?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() chosenClaimId?: string;
  @ApiPropertyOptional({ description: 'The edited value (decimal string).' })
  @IsOptional()
  @IsString()
  value?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() unit?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() nextAction?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601() dueAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() assignee?: string;
}

/** The exception queue, most material first (acceptance 17); actions go to validation. */
@ApiTags('exceptions')
@Controller('api/v1/exceptions')
export class ExceptionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly commands: CommandSender,
  ) {}

  @Get()
  @Endpoint('exceptions.list', 'A portfolio’s exception queue ordered by materiality, with filters')
  @ApiOkResponse({ type: PageResponse })
  async queue(@Caller() caller: Principal, @Query() query: ExceptionQueueQuery) {
    await this.scope.assertPortfolio(caller, query.portfolioId);
    const rows = whereEquals(this.dataSource.getRepository(ExceptionRow).createQueryBuilder('x'), {
      portfolio_id: query.portfolioId,
      cycle_id: query.cycleId,
      fund_id: query.fundId,
      severity: query.severity,
      category: query.category,
      assignee: query.assignee,
      status: query.status,
    });
    if (!query.status) rows.andWhere("x.status IN ('open', 'monitoring')");
    return documentPage(rows, { column: 'materiality', type: 'numeric', direction: 'DESC' }, query);
  }

  @Get(':exceptionId')
  @Endpoint('exceptions.read', 'An exception with its evidence claims and every decision on it')
  @ApiOkResponse({ type: ItemResponse })
  async read(@Caller() caller: Principal, @Param('exceptionId') exceptionId: string) {
    const row = await this.exception(caller, exceptionId);
    return item(row.doc, {
      cycleId: row.doc.cycleId,
      runId: row.doc.runId,
      policies: { materialityId: row.doc.materiality.policyId },
    });
  }

  @Post(':exceptionId/actions')
  @Endpoint(
    'exceptions.act',
    'Assign, monitor, follow up, accept, edit or reject an exception (rationale required to resolve)',
  )
  @ApiOkResponse({ type: ItemResponse })
  async act(
    @Caller() caller: Principal,
    @Param('exceptionId') exceptionId: string,
    @Body() body: ExceptionActionBody,
    @Headers('idempotency-key') key?: string,
  ) {
    const row = await this.exception(caller, exceptionId);
    const reply = await this.commands.command(actOnExceptionV1, caller, key, {
      ...body,
      exceptionId,
      actorRoles: validationRoles(caller.roles),
    });
    return item(reply, { cycleId: row.doc.cycleId, runId: row.doc.runId });
  }

  private async exception(caller: Principal, exceptionId: string): Promise<ExceptionRow> {
    const row = await this.dataSource.getRepository(ExceptionRow).findOneBy({ id: exceptionId });
    if (!row) throw new NotFoundError('exception', exceptionId);
    await this.scope.assertPortfolio(caller, row.portfolioId);
    return row;
  }
}
