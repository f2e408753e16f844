import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { ArtefactStore } from '@fai/artefact-store';
import { ApiOkResponse, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import {
  approveV1,
  getClaimsV1,
  getExportLogV1,
  getFundReviewV1,
  getKpiSnapshotV1,
  OutputContentDeletedError,
  publishFundV1,
  rejectV1,
  submitForReviewV1,
  type CommandContract,
} from '@fai/contracts';
import { DataSource } from 'typeorm';
import { CommandSender } from '../api/command-sender';
import { documentPage } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { NotFoundError } from '../api/problem';
import { CycleLookup } from '../cycles/cycle-lookup.service';
import { ReasonBody } from '../portfolios/portfolio.dto';
import { FundWorkflowRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { workflowKey } from './fund-workflow.projection';
import { deletedContent, MEDIA_TYPE, REPORT_FILES, reportFileSha256, type ReportFile } from './report-files';

export const OUTPUT_STORE = Symbol('OUTPUT_STORE');

export class NotesBody {
  @ApiProperty({ description: 'Stored with the transition (acceptance 25); a rejection must say why.' })
  @IsString()
  notes!: string;
}

export class RequiredNotesBody {
  @ApiProperty() @IsString() @MinLength(1) notes!: string;
}

type WorkflowCommand = CommandContract<
  { commandId: string; actor: string; cycleId: string; fundId: string; notes: string },
  unknown
>;

/**
 * Each fund's review workflow in a cycle: memo, evidence pack and report (read model), the fund's
 * review data (validation), its claims (extraction), its KPI snapshot and export log (reporting),
 * and the review, approval and publication actions, sent to the owning services. Separation of duties is enforced by approval, server side.
 */
@ApiTags('review and publication')
@Controller('api/v1/cycles/:cycleId')
export class WorkflowController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CycleLookup,
    private readonly commands: CommandSender,
    @Inject(OUTPUT_STORE) private readonly outputs: ArtefactStore,
  ) {}

  @Get('funds')
  @Endpoint('reports.list', 'Each fund’s workflow state, memo, evidence pack and published report')
  @ApiOkResponse({ type: PageResponse })
  async funds(@Caller() caller: Principal, @Param('cycleId') cycleId: string, @Query() page: PageQuery) {
    await this.cycles.cycle(caller, cycleId);
    const rows = this.dataSource
      .getRepository(FundWorkflowRow)
      .createQueryBuilder('w')
      .where('w.cycle_id = :cycleId', { cycleId });
    return documentPage(rows, { column: 'id', type: 'text', direction: 'ASC' }, page);
  }

  @Get('funds/:fundId')
  @Endpoint('workflow.read', 'A fund’s workflow in the cycle with its history')
  @ApiOkResponse({ type: ItemResponse })
  async workflow(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const row = await this.dataSource
      .getRepository(FundWorkflowRow)
      .findOneBy({ id: workflowKey(cycleId, fundId) });
    if (!row) throw new NotFoundError('fund workflow', `${cycleId}/${fundId}`);
    return item(row.doc, {
      cycleId,
      runId: row.doc.runId,
      snapshotId: row.doc.report?.snapshotId,
      policies: cycle.doc.policies,
    });
  }

  @Get('funds/:fundId/files/:file')
  @Endpoint(
    'reports.download',
    'The fund’s memo (memo.html, memo.pdf) or evidence pack archive (evidence-pack), published or draft',
  )
  @ApiParam({ name: 'file', enum: REPORT_FILES })
  async download(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Param('file') file: string,
    @Res() response: ServerResponse,
  ) {
    await this.cycles.cycle(caller, cycleId);
    const row = await this.dataSource
      .getRepository(FundWorkflowRow)
      .findOneBy({ id: workflowKey(cycleId, fundId) });
    const reportFile = (REPORT_FILES as readonly string[]).includes(file) ? (file as ReportFile) : undefined;
    const sha256 = row && reportFile && reportFileSha256(row.doc, reportFile);
    if (!reportFile || !sha256) throw new NotFoundError('report file', `${cycleId}/${fundId}/${file}`);
    // Identical bytes are one file: another output may still keep what retention deleted for this one.
    const deleted = deletedContent(row.doc, sha256);
    if (deleted && !(await this.outputs.has(sha256)))
      throw new OutputContentDeletedError(sha256, deleted.outputId, deleted.at);
    const content = await this.outputs.get(sha256);
    response.statusCode = 200;
    response.setHeader('content-type', MEDIA_TYPE[reportFile]);
    response.setHeader('content-disposition', `attachment; filename="${fundId}-${cycleId}-${reportFile}"`);
    response.setHeader('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
    response.setHeader('etag', `"${sha256}"`);
    // Chunked, hash-checked as it streams: a mismatch breaks the response off instead of completing it.
    await pipeline(content, response);
  }

  @Get('funds/:fundId/kpis')
  @Endpoint(
    'kpis.read',
    'The KPI snapshot of the fund’s current memo: returns, relative return, volatility, drawdown, risk bucket (reporting)',
  )
  @ApiOkResponse({ type: ItemResponse })
  async kpis(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const snapshot = await this.commands.send(getKpiSnapshotV1, { cycleId, fundId });
    return item(snapshot, {
      cycleId,
      runId: snapshot.runId,
      snapshotId: snapshot.memoInputSha256,
      policies: cycle.doc.policies,
    });
  }

  @Get('funds/:fundId/exports')
  @Endpoint(
    'exports.list',
    'Every distribution of the fund’s published files: file, channel, actor, time (reporting’s export log)',
  )
  @ApiOkResponse({ type: PageResponse })
  async exports(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Query() page: PageQuery,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.send(getExportLogV1, {
      cycleId,
      fundId,
      limit: page.limit,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
    return {
      items: reply.entries,
      nextCursor: reply.nextCursor,
      ids: { cycleId, policies: cycle.doc.policies },
    };
  }

  @Get('runs/:runId/funds/:fundId/review')
  @Endpoint('reviews.read', 'The fund’s review data: fields, checks, deltas, exceptions, alerts (validation)')
  @ApiOkResponse({ type: ItemResponse })
  async review(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('runId') runId: string,
    @Param('fundId') fundId: string,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const review = await this.commands.send(getFundReviewV1, { cycleId, runId, fundId });
    return item(review, {
      cycleId,
      runId,
      policies: { ...cycle.doc.policies, ...pinned(review.policies) },
    });
  }

  @Get('runs/:runId/claims')
  @Endpoint('claims.read', 'The run’s claims with their evidence locations (extraction)')
  @ApiOkResponse({ type: ItemResponse })
  async claims(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('runId') runId: string,
    @Query() page: PageQuery,
  ) {
    await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.send(getClaimsV1, {
      runId,
      limit: page.limit,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
    return {
      items: reply.claims,
      claimSets: reply.claimSets,
      nextCursor: reply.nextCursor,
      ids: { cycleId, runId },
    };
  }

  @Post('funds/:fundId/submit')
  @Endpoint('workflow.submit', 'Submit the fund’s draft for review')
  @ApiOkResponse({ type: ItemResponse })
  submit(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Body() body: NotesBody,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.act(submitForReviewV1, caller, cycleId, fundId, body.notes, key);
  }

  @Post('funds/:fundId/approve')
  @Endpoint(
    'workflow.approve',
    'Approve the fund (four eyes: not the run’s operator nor the submitter, unless the portfolio allows)',
  )
  @ApiOkResponse({ type: ItemResponse })
  approve(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Body() body: NotesBody,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.act(approveV1, caller, cycleId, fundId, body.notes, key);
  }

  @Post('funds/:fundId/reject')
  @Endpoint('workflow.reject', 'Reject the fund back to draft, saying why')
  @ApiOkResponse({ type: ItemResponse })
  reject(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Body() body: RequiredNotesBody,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.act(rejectV1, caller, cycleId, fundId, body.notes, key);
  }

  @Post('funds/:fundId/publish')
  @Endpoint('reports.publish', 'Publish the fund’s approved report (refused unless approved)')
  @ApiOkResponse({ type: ItemResponse })
  async publish(
    @Caller() caller: Principal,
    @Param('cycleId') cycleId: string,
    @Param('fundId') fundId: string,
    @Body() body: ReasonBody,
    @Headers('idempotency-key') key?: string,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.command(publishFundV1, caller, key, {
      reason: body.reason,
      cycleId,
      fundId,
    });
    return item(reply, { cycleId, policies: cycle.doc.policies });
  }

  private async act(
    contract: WorkflowCommand,
    caller: Principal,
    cycleId: string,
    fundId: string,
    notes: string,
    key: string | undefined,
  ) {
    const cycle = await this.cycles.cycle(caller, cycleId);
    const reply = await this.commands.command(contract, caller, key, {
      cycleId,
      fundId,
      notes,
    });
    return item(reply as object, { cycleId, policies: cycle.doc.policies });
  }
}

/** Validation names pinned versions `<id>@<version>`; the response's ids carry them as they are. */
function pinned(policies: { ruleset: string; materiality: string; sourcePolicy: string }) {
  return {
    rulesetId: policies.ruleset,
    materialityId: policies.materiality,
    sourcePolicyId: policies.sourcePolicy,
  };
}
