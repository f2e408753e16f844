import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { openAdhocCycleV1, proceedAtCutOffV1, startRerunV1 } from '@fai/contracts';
import { DataSource } from 'typeorm';
import { CommandSender } from '../api/command-sender';
import { documentPage, whereEquals } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { FundWorkflowRow } from '../projections/read-model.entities';
import { CycleRow } from '../projections/read-model.entities';
import { ReasonBody } from '../portfolios/portfolio.dto';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';
import { CycleListQuery, OpenCycleBody, RerunBody } from './cycle.dto';
import { CycleLookup } from './cycle-lookup.service';
import { cycleDetail } from './cycle-detail';

/** Cycles: list, detail with stage timeline, inventory and outputs; open ad hoc, rerun, proceed at cut-off. */
@ApiTags('cycles')
@Controller('api/v1/cycles')
export class CyclesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly cycles: CycleLookup,
    private readonly commands: CommandSender,
  ) {}

  @Get()
  @Endpoint('cycles.list', 'Cycles in scope, newest first')
  @ApiOkResponse({ type: PageResponse })
  async list(@Caller() caller: Principal, @Query() query: CycleListQuery) {
    const rows = whereEquals(await this.scope.visibleRows(caller, CycleRow, 'c'), {
      portfolio_id: query.portfolioId,
      state: query.state,
    });
    return documentPage(rows, { column: 'opened_at', type: 'timestamptz', direction: 'DESC' }, query);
  }

  @Get(':cycleId')
  @Endpoint(
    'cycles.read',
    'A cycle: state, pinned policies, runs with stage timeline and input inventory, outputs',
  )
  @ApiOkResponse({ type: ItemResponse })
  async read(@Caller() caller: Principal, @Param('cycleId') cycleId: string) {
    const row = await this.cycles.cycle(caller, cycleId);
    const workflows = await this.dataSource.getRepository(FundWorkflowRow).findBy({ cycleId });
    const detail = cycleDetail(
      row.doc,
      workflows.map((workflow) => workflow.doc),
    );
    return item(detail, { cycleId, runId: row.doc.currentRunId ?? undefined, policies: row.doc.policies });
  }

  @Post()
  @Endpoint('cycles.open', 'Open an ad hoc cycle of (portfolio, period)')
  @ApiOkResponse({ type: ItemResponse })
  async open(
    @Caller() caller: Principal,
    @Body() body: OpenCycleBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.scope.assertPortfolio(caller, body.portfolioId);
    const reply = await this.commands.command(openAdhocCycleV1, caller, idempotencyKey, body);
    return item(reply, reply);
  }

  @Post(':cycleId/reruns')
  @Endpoint('cycles.rerun', 'Start a rerun of the cycle, linked to the run it replaces')
  @ApiOkResponse({ type: ItemResponse })
  async rerun(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Body() body: RerunBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const row = await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.command(startRerunV1, caller, idempotencyKey, {
      cycleId,
      replacesRunId: body.replacesRunId ?? row.doc.currentRunId ?? '',
      reason: body.reason,
    });
    return item(reply, reply);
  }

  @Post(':cycleId/runs/:runId/proceed-at-cut-off')
  @Endpoint('cycles.proceed', 'Let a run missing required artefacts at cut-off go on')
  @ApiOkResponse({ type: ItemResponse })
  async proceed(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('runId') runId: string,
    @Body() body: ReasonBody,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.command(proceedAtCutOffV1, caller, idempotencyKey, {
      cycleId,
      runId,
      reason: body.reason,
    });
    return item(reply, reply);
  }
}
