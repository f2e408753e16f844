import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FaiError } from '@fai/contracts';
import { FAI_CONFIG } from '@fai/service-kit';
import { IsOptional, IsString } from 'class-validator';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { documentPage, whereEquals } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { NotFoundError, RequestInvalidError } from '../api/problem';
import type { GatewayConfig } from '../gateway.config';
import { ArtefactRow } from '../projections/read-model.entities';
import { Caller, Endpoint, type GatewayRequest } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';
import { intakeBody, readUploadStart, UpstreamUnavailableError } from './ingest-intake';

export class ArtefactListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() portfolioId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cycleId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() fundId?: string;
}

/** Headers of ingest's download passed on to the caller. */
const DOWNLOAD_HEADERS = ['content-type', 'content-disposition', 'repr-digest', 'etag'];

/** Artefacts: list and versions from the read model; uploads and downloads streamed to and from ingest. */
@ApiTags('artefacts')
@Controller('api/v1/artefacts')
export class ArtefactsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    @Inject(FAI_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @Endpoint('artefacts.list', 'Artefacts in scope, newest first')
  @ApiOkResponse({ type: PageResponse })
  async list(@Caller() caller: Principal, @Query() query: ArtefactListQuery) {
    const rows = whereEquals(await this.scope.visibleRows(caller, ArtefactRow, 'a'), {
      portfolio_id: query.portfolioId,
      cycle_id: query.cycleId,
      fund_id: query.fundId,
    });
    return documentPage(rows, { column: 'ingested_at', type: 'timestamptz', direction: 'DESC' }, query);
  }

  @Get(':artefactId')
  @Endpoint('artefacts.read', 'An artefact’s record and every version of the same document')
  @ApiOkResponse({ type: ItemResponse })
  async read(@Caller() caller: Principal, @Param('artefactId') artefactId: string) {
    const row = await this.artefact(caller, artefactId);
    const { portfolioId, fundId, documentType, period } = row.doc;
    const versions = await this.dataSource
      .getRepository(ArtefactRow)
      .createQueryBuilder('a')
      .where('a.portfolio_id = :portfolioId AND a.fund_id IS NOT DISTINCT FROM :fundId', {
        portfolioId,
        fundId,
      })
      .andWhere('a.document_type = :documentType', { documentType })
      .andWhere("a.doc->>'period' IS NOT DISTINCT FROM :period", { period })
      .orderBy('a.ingested_at', 'ASC')
      .getMany();
    return item(
      {
        ...row.doc,
        versions: versions.map((version) => ({
          artefactId: version.id,
          version: version.doc.version,
          sha256: version.doc.sha256,
          ingestedAt: version.doc.ingestedAt,
        })),
      },
      {
        cycleId: row.doc.cycleId ?? undefined,
        runId: row.doc.runId ?? undefined,
        policies: { sourcePolicyId: row.doc.sourcePolicyId ?? undefined },
      },
    );
  }

  @Get(':artefactId/content')
  @Endpoint(
    'artefacts.download',
    'The artefact’s bytes, streamed from ingest and checked against their sha256',
  )
  async download(
    @Caller() caller: Principal,
    @Param('artefactId') artefactId: string,
    @Res() response: ServerResponse,
  ) {
    await this.artefact(caller, artefactId);
    const upstream = await this.ingest(`/artefacts/${encodeURIComponent(artefactId)}/content`, {
      method: 'GET',
    });
    response.statusCode = upstream.status;
    for (const name of DOWNLOAD_HEADERS) {
      const value = upstream.headers.get(name);
      if (value) response.setHeader(name, value);
    }
    if (upstream.body) await pipeline(Readable.fromWeb(upstream.body as never), response);
    else response.end();
  }

  @Post()
  @Endpoint(
    'artefacts.upload',
    'Upload an artefact (multipart: fields portfolioId, cycleId, fundId, sourceType, origin, retrievedAt, then the part "file"), streamed to ingest',
  )
  @ApiConsumes('multipart/form-data')
  @ApiOkResponse({ type: ItemResponse })
  async upload(
    @Caller() caller: Principal,
    @Req() request: IncomingMessage & GatewayRequest,
    @Res() response: ServerResponse,
  ) {
    const upload = await readUploadStart(request, this.config.FAI_UPLOAD_MAX_BYTES);
    const portfolioId = upload.fields.portfolioId;
    if (!portfolioId) throw new RequestInvalidError(['the portfolioId field must come before the file']);
    await this.scope.assertPortfolio(caller, portfolioId);
    const { contentType, body } = intakeBody(upload);
    const idempotencyKey = request.headers['idempotency-key'];
    const upstream = await this.ingest('/artefacts', {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-fai-actor': caller.subject,
        ...(typeof idempotencyKey === 'string' ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: Readable.toWeb(body) as never,
      duplex: 'half',
    } as RequestInit);
    const reply = (await upstream.json()) as Record<string, unknown>;
    if (!upstream.ok)
      throw new FaiError({
        code: String(reply.code ?? 'UPSTREAM_FAILED'),
        message: String(reply.detail ?? 'ingest refused the upload'),
        hint: reply.hint as string | undefined,
        details: reply.details as Record<string, unknown> | undefined,
      });
    response.statusCode = upstream.status;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify(
        item(reply, {
          cycleId: reply.cycleId as string | undefined,
          runId: reply.runId as string | undefined,
        }),
      ),
    );
  }

  private async artefact(caller: Principal, artefactId: string): Promise<ArtefactRow> {
    const row = await this.dataSource.getRepository(ArtefactRow).findOneBy({ id: artefactId });
    if (!row) throw new NotFoundError('artefact', artefactId);
    await this.scope.assertPortfolio(caller, row.portfolioId);
    return row;
  }

  private async ingest(path: string, init: RequestInit): Promise<globalThis.Response> {
    try {
      return await fetch(new URL(path, this.config.FAI_INGEST_URL), init);
    } catch (error) {
      throw new UpstreamUnavailableError('ingest', (error as Error).message);
    }
  }
}
