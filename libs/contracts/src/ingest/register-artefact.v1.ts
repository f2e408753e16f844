import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { intakeReplySchema } from './intake-reply.schemas';
import {
  actorIdSchema,
  fileNameSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  ingestInstantSchema,
  originSchema,
  sha256HexSchema,
} from './ingest.schemas';

/** Registers an artefact whose bytes are already in the artefact store (fetched online, produced internally). */
export const registerArtefactV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'RegisterArtefact',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'The content is read back from the store by sha256 and checked like an upload. Online sources need retrievedAt. Refusals: ARTEFACT_NOT_FOUND, RETRIEVAL_TIME_REQUIRED, SOURCE_NOT_ALLOWED, ARTEFACT_UNKNOWN_PORTFOLIO, ARTEFACT_UNKNOWN_FUND, ARTEFACT_NO_OPEN_CYCLE, ARTEFACT_CYCLE_CLOSED, ARTEFACT_PERIOD_OUTSIDE_CYCLE and the content refusals of an upload.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'portfolioId', 'sha256', 'fileName', 'sourceType', 'origin'],
    properties: {
      commandId: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: 'Chosen by the caller: the same id again is the same intake.',
      },
      actor: actorIdSchema,
      portfolioId: ingestIdSchema,
      cycleId: {
        ...ingestIdSchema,
        description: "Defaults to the portfolio's open cycle for the document's period.",
      },
      fundId: { ...ingestIdSchema, description: 'When the content does not name the fund by ISIN.' },
      sha256: sha256HexSchema,
      fileName: fileNameSchema,
      declaredMediaType: { type: 'string', maxLength: 255 },
      sourceType: { type: 'string', enum: ['internal', 'online'] },
      origin: originSchema,
      retrievedAt: {
        ...ingestInstantSchema,
        description: 'When an online source was fetched (required for online).',
      },
    },
  },
  replySchema: intakeReplySchema,
  example: {
    request: {
      commandId: 'reg-2026-11-04-sec-0001',
      actor: 'system:edgar-fetcher',
      portfolioId: 'pf-001',
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      fileName: 'primary_doc.xml',
      sourceType: 'online',
      origin: 'https://www.sec.gov/Archives/edgar/data/311101/primary_doc.xml',
      retrievedAt: '2026-11-04T06:55:00.000Z',
    },
    reply: {
      outcome: 'ingested',
      intakeId: 'c1d2e3f4-a5b6-5c7d-8e9f-0a1b2c3d4e5f',
      artefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      version: 1,
      documentType: 'nport',
      fundId: 'fund-7',
      period: '2026-10',
      mediaType: 'application/xml',
      size: 482113,
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
    },
  },
});

export type RegisterArtefactRequest = CommandRequest<typeof registerArtefactV1>;
export type IntakeReply = CommandReply<typeof registerArtefactV1>;
