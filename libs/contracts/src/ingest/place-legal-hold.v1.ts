import { defineCommand, type CommandRequest } from '../define-event';
import {
  actorIdSchema,
  INGEST_CONTEXT,
  ingestIdSchema,
  LEGAL_HOLD_SCOPES,
  legalHoldReplySchema,
} from './ingest.schemas';

/** Places a legal hold on an artefact, a fund or a portfolio. */
export const placeLegalHoldV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'PlaceLegalHold',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'The hold id is derived from commandId: the same command again answers with the same hold.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'reason', 'scope', 'targetId'],
    properties: {
      commandId: { type: 'string', minLength: 1, maxLength: 200 },
      actor: actorIdSchema,
      reason: { type: 'string', minLength: 1 },
      scope: { type: 'string', enum: LEGAL_HOLD_SCOPES },
      targetId: ingestIdSchema,
    },
  },
  replySchema: legalHoldReplySchema,
  example: {
    request: {
      commandId: 'hold-fund-7-inquiry-2026-114',
      actor: 'user-7',
      reason: 'Regulator inquiry 2026-114: keep every fund-7 document.',
      scope: 'fund',
      targetId: 'fund-7',
    },
    reply: { holdId: 'hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f', scope: 'fund', targetId: 'fund-7' },
  },
});

export type PlaceLegalHoldRequest = CommandRequest<typeof placeLegalHoldV1>;
