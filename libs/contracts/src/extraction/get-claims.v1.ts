import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  claimViewSchema,
  contentHashSchema,
  EXTRACTION_CONTEXT,
  extractionIdSchema,
  extractorSchema,
} from './extraction.schemas';

/** The claims of one artefact or of every artefact of a run (optionally of one fund), a page at a time. */
export const getClaimsV1 = defineCommand({
  context: EXTRACTION_CONTEXT,
  name: 'GetClaims',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Give exactly one of artefactId and runId; pass nextCursor back to get the next page. Refusals: CLAIMS_QUERY_INVALID, CLAIMS_CURSOR_INVALID.',
    additionalProperties: false,
    properties: {
      artefactId: extractionIdSchema,
      runId: extractionIdSchema,
      fundId: {
        ...extractionIdSchema,
        description:
          'Only the claims resolved to this canonical fund, and the claim sets of the artefacts that have any.',
      },
      cursor: { type: 'string', minLength: 1 },
      limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'Claims per page; default 500.' },
    },
  },
  replySchema: {
    type: 'object',
    description:
      'Claims in a stable order (artefact, then the order the extractor read them). A page may hold fewer than `limit` claims so that a reply stays under the NATS message size.',
    additionalProperties: false,
    required: ['claimSets', 'claims'],
    properties: {
      claimSets: {
        type: 'array',
        description: 'The extracted claim set of each artefact asked for (the latest extractor version).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['artefactId', 'sha256', 'extractor', 'claimCount'],
          properties: {
            artefactId: extractionIdSchema,
            sha256: contentHashSchema,
            extractor: extractorSchema,
            claimCount: { type: 'integer', minimum: 0 },
          },
        },
      },
      claims: { type: 'array', items: claimViewSchema },
      nextCursor: { type: 'string', minLength: 1, description: 'Absent on the last page.' },
    },
  },
  example: {
    request: { runId: 'pf-001-2026-10-scheduled-run-1', limit: 1 },
    reply: {
      claimSets: [
        {
          artefactId: 'art-6a7b8c9d-0e1f-5a2b-8c3d-4e5f6a7b8c9d',
          sha256: '1f2e3d4c5b6a79881726354453627180f9e8d7c6b5a4938271605f4e3d2c1b0a',
          extractor: { id: 'pdf-kiid', version: '1.0.0+lg-kiid@1' },
          claimCount: 7,
        },
      ],
      claims: [
        {
          claimId: '3b241101-e2bb-5255-8caf-4136c566a962',
          artefactId: 'art-6a7b8c9d-0e1f-5a2b-8c3d-4e5f6a7b8c9d',
          status: 'supported',
          fund: { isin: 'GB00B0CNHB64' },
          fundId: 'fund-7',
          metric: 'costs.ongoing_charges',
          value: '0.15',
          unit: 'percent',
          asOf: '2019-05-28',
          evidence: {
            artefactSha256: '68bfcca08625392967bfb6e936e5192ab58081bb96517ea66533260318404ae6',
            artefactVersion: 1,
            locator: {
              kind: 'pdf',
              page: 2,
              box: [56.7, 612.4, 310.2, 624.1],
              text: 'Ongoing charges 0.15%',
              span: [16, 21],
            },
          },
          extractor: { id: 'pdf-kiid', version: '1.0.0+lg-kiid@1' },
          confidence: 0.9,
          confidenceNote: 'read from a labelled line of the layout rule set lg-kiid@1',
        },
      ],
      nextCursor: 'WyJhcnQtNmE3YjhjOWQiLDFd',
    },
  },
});

export type GetClaimsRequest = CommandRequest<typeof getClaimsV1>;
export type GetClaimsReply = CommandReply<typeof getClaimsV1>;
export type ClaimView = GetClaimsReply['claims'][number];
