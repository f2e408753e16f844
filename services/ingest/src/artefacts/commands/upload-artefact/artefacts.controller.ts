import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { SOURCE_TYPES, type IntakeReply, type SourceType } from '@fai/contracts';
import { FAI_CONFIG, FAI_LOGGER } from '@fai/service-kit';
import { v5 as uuidv5 } from 'uuid';
import type { Logger } from 'winston';
import type { IngestConfig } from '../../../ingest.config';
import { ARTEFACT_STORE } from '../../../ingest.tokens';
import { IngestRepository, type ArtefactRecord } from '../../../infrastructure/ingest.repository';
import { ProblemDetailsFilter } from '../../../infrastructure/problem-details.filter';
import type { ArtefactStore } from '@fai/artefact-store';
import { ArtefactRecordNotFoundError, IntakeRequestInvalidError } from '../../intake-errors';
import { ArtefactContentDeletedError } from '../../../retention/retention-errors';
import { IntakeService, type IntakeRequest } from '../../intake/intake.service';
import { readMultipartUpload, type MultipartUpload } from './multipart-upload';

/** Set by the gateway from the verified token: who is uploading. */
export const ACTOR_HEADER = 'x-fai-actor';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const UPLOAD_NAMESPACE = '1d7e5b9a-3c2f-4e81-a6d4-8f0b2c9e7a15';

/**
 * HTTP intake (behind the gateway): `POST /artefacts` takes one file as multipart/form-data,
 * streamed and bounded by FAI_INGEST_MAX_BYTES; `GET /artefacts/:id` and `GET /artefacts/:id/content`
 * give an artefact's record and its bytes. Errors are RFC 9457 problem details with FAI's code.
 */
@Controller('artefacts')
@UseFilters(ProblemDetailsFilter)
export class ArtefactsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly repository: IngestRepository,
    @Inject(ARTEFACT_STORE) private readonly store: ArtefactStore,
    @Inject(FAI_CONFIG) private readonly config: IngestConfig,
    @Inject(FAI_LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  async upload(
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<IntakeReply> {
    const upload = await readMultipartUpload(request, this.config.FAI_INGEST_MAX_BYTES);
    const { file } = upload;
    if (!file) throw new IntakeRequestInvalidError('there is no file part named "file"');
    const reply = await this.intake.intake(
      intakeRequest(upload, file.fileName, file.declaredMediaType, request),
      {
        read: () => file.read(),
        store: true,
      },
    );
    response.statusCode = reply.outcome === 'recorded' ? 200 : 201;
    return reply;
  }

  @Get(':artefactId')
  async record(@Param('artefactId') artefactId: string): Promise<ArtefactRecord> {
    return this.find(artefactId);
  }

  /** The bytes, checked against their sha256 as they stream: a mismatch breaks the response off. */
  @Get(':artefactId/content')
  async content(@Param('artefactId') artefactId: string, @Res() response: ServerResponse): Promise<void> {
    const artefact = await this.find(artefactId);
    if (artefact.contentDeletedAt)
      throw new ArtefactContentDeletedError(artefactId, artefact.contentDeletedAt);
    const content = await this.store.get(artefact.sha256);
    response.statusCode = 200;
    response.setHeader('content-type', artefact.mediaType);
    response.setHeader('content-disposition', attachment(artefact.fileName));
    response.setHeader('repr-digest', `sha-256=:${Buffer.from(artefact.sha256, 'hex').toString('base64')}:`);
    response.setHeader('etag', `"${artefact.sha256}"`);
    response.setHeader('x-content-type-options', 'nosniff');
    // No content-length: the body is chunked, so only a verified end completes it for the client.
    pipeline(content, response, (error) => {
      if (error) this.logger.error('artefact content broken off', { artefactId, error });
    });
  }

  private async find(artefactId: string): Promise<ArtefactRecord> {
    const artefact = await this.repository.findArtefact(artefactId);
    if (!artefact) throw new ArtefactRecordNotFoundError(artefactId);
    return artefact;
  }
}

function intakeRequest(
  { fields }: MultipartUpload,
  fileName: string,
  declaredMediaType: string,
  request: IncomingMessage,
): IntakeRequest {
  const actor = header(request, ACTOR_HEADER);
  if (!actor) throw new IntakeRequestInvalidError(`the ${ACTOR_HEADER} header is missing`);
  if (!fields.portfolioId) throw new IntakeRequestInvalidError('the portfolioId field is missing');
  const sourceType = (fields.sourceType || 'upload') as SourceType;
  if (!SOURCE_TYPES.includes(sourceType))
    throw new IntakeRequestInvalidError(`sourceType must be one of ${SOURCE_TYPES.join(', ')}`);
  const idempotencyKey = header(request, IDEMPOTENCY_KEY_HEADER);
  const optional = (key: 'cycleId' | 'fundId' | 'retrievedAt') => (fields[key] ? { [key]: fields[key] } : {});
  return {
    intakeId: idempotencyKey ? uuidv5(`${actor}/${idempotencyKey}`, UPLOAD_NAMESPACE) : randomUUID(),
    portfolioId: fields.portfolioId,
    ...optional('cycleId'),
    ...optional('fundId'),
    ...optional('retrievedAt'),
    sourceType,
    origin: fields.origin || 'http-upload',
    actor,
    fileName,
    declaredMediaType,
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

/** RFC 6266 with an RFC 8187 UTF-8 name and a plain ASCII fallback. */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
