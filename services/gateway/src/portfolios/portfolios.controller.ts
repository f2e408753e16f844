import { Body, Controller, Get, Headers, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  changePortfolioV1,
  registerPortfolioV1,
  setApprovalPolicyV1,
  setExpectedInventoryV1,
  setPortfolioScheduleV1,
  type ChangePortfolioRequest,
  type RegisterPortfolioRequest,
} from '@fai/contracts';
import { DataSource } from 'typeorm';
import { CommandSender } from '../api/command-sender';
import { documentPage } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { PortfolioRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { OutOfScopeError } from '../security/security-errors';
import { ScopeService } from '../security/scope.service';
import {
  ChangePortfolioBody,
  RegisterPortfolioBody,
  SetApprovalPolicyBody,
  SetExpectedInventoryBody,
  SetScheduleBody,
} from './portfolio.dto';

/** Portfolios and their schedules: reads from the gateway's read model, changes by scheduler commands. */
@ApiTags('portfolios')
@Controller('api/v1/portfolios')
export class PortfoliosController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly commands: CommandSender,
  ) {}

  @Get()
  @Endpoint('portfolios.list', 'Portfolios in the caller’s scope')
  @ApiOkResponse({ type: PageResponse })
  async list(@Caller() caller: Principal, @Query() page: PageQuery) {
    const visible = await this.scope.visiblePortfolioIds(caller);
    const query = this.dataSource
      .getRepository(PortfolioRow)
      .createQueryBuilder('p')
      .where('p.id = ANY(:visible)', { visible });
    return documentPage(query, { column: 'id', type: 'text', direction: 'ASC' }, page);
  }

  @Get(':portfolioId')
  @Endpoint('portfolios.read', 'A portfolio with its funds, schedule, expected inventory and policies')
  @ApiOkResponse({ type: ItemResponse })
  async read(@Caller() caller: Principal, @Param('portfolioId') portfolioId: string) {
    const row = await this.scope.portfolio(caller, portfolioId);
    return item(row.doc, { policies: { sourcePolicyId: row.doc.sourcePolicy?.sourcePolicyId } });
  }

  @Post()
  @Endpoint('portfolios.register', 'Register a portfolio in the caller’s tenant')
  @ApiOkResponse({ type: ItemResponse })
  async register(
    @Caller() caller: Principal,
    @Body() body: RegisterPortfolioBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    // A new portfolio has no read model yet: scope is the caller's tenant and portfolio claim.
    if (caller.portfolios !== 'all' && !caller.portfolios.includes(body.portfolioId))
      throw new OutOfScopeError();
    const reply = await this.commands.command(registerPortfolioV1, caller, idempotencyKey, {
      ...body,
      funds: body.funds as RegisterPortfolioRequest['funds'],
      tenantId: caller.tenantId,
    });
    return item(reply);
  }

  @Put(':portfolioId')
  @Endpoint('portfolios.change', 'Change a portfolio’s name, currency or funds')
  @ApiOkResponse({ type: ItemResponse })
  async change(
    @Caller() caller: Principal,
    @Param('portfolioId') portfolioId: string,
    @Body() body: ChangePortfolioBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.scope.assertPortfolio(caller, portfolioId);
    const reply = await this.commands.command(changePortfolioV1, caller, idempotencyKey, {
      ...body,
      funds: body.funds as ChangePortfolioRequest['funds'],
      portfolioId,
    });
    return item(reply);
  }

  @Put(':portfolioId/schedule')
  @Endpoint('portfolios.schedule.set', 'Set a portfolio’s monthly schedule')
  @ApiOkResponse({ type: ItemResponse })
  async setSchedule(
    @Caller() caller: Principal,
    @Param('portfolioId') portfolioId: string,
    @Body() body: SetScheduleBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.scope.assertPortfolio(caller, portfolioId);
    const reply = await this.commands.command(setPortfolioScheduleV1, caller, idempotencyKey, {
      reason: body.reason,
      schedule: body.schedule as never,
      portfolioId,
    });
    return item(reply);
  }

  @Put(':portfolioId/expected-inventory')
  @Endpoint('portfolios.inventory.set', 'Set the artefacts each fund is expected to deliver')
  @ApiOkResponse({ type: ItemResponse })
  async setExpectedInventory(
    @Caller() caller: Principal,
    @Param('portfolioId') portfolioId: string,
    @Body() body: SetExpectedInventoryBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.scope.assertPortfolio(caller, portfolioId);
    const reply = await this.commands.command(setExpectedInventoryV1, caller, idempotencyKey, {
      reason: body.reason,
      funds: body.funds as never,
      portfolioId,
    });
    return item(reply);
  }

  @Put(':portfolioId/approval-policy')
  @Endpoint('approval-policy.set', 'Set separation of duties for the portfolio’s approvals')
  @ApiOkResponse({ type: ItemResponse })
  async setApprovalPolicy(
    @Caller() caller: Principal,
    @Param('portfolioId') portfolioId: string,
    @Body() body: SetApprovalPolicyBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.scope.assertPortfolio(caller, portfolioId);
    const reply = await this.commands.command(setApprovalPolicyV1, caller, idempotencyKey, {
      ...body,
      portfolioId,
    });
    return item(reply);
  }
}
