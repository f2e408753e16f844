import { defineCommand, type CommandRequest } from '../define-event';
import { actorIdSchema, INGEST_CONTEXT, ingestIdSchema, legalHoldReplySchema } from './ingest.schemas';

/** Releases a legal hold. Refusals: LEGAL_HOLD_NOT_FOUND, LEGAL_HOLD_ALREADY_RELEASED. */
export const releaseLegalHoldV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'ReleaseLegalHold',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'The same command again answers as the first time.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'reason', 'holdId'],
    properties: {
      commandId: { type: 'string', minLength: 1, maxLength: 200 },
      actor: actorIdSchema,
      reason: { type: 'string', minLength: 1 },
      holdId: ingestIdSchema,
    },
  },
  replySchema: legalHoldReplySchema,
  example: {
    request: {
      commandId: 'release-hold-fund-7-inquiry-2026-114',
      actor: 'user-9',
      reason: 'Inquiry 2026-114 closed.',
      holdId: 'hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f',
    },
    reply: { holdId: 'hold-5d1c9a0e-2b7f-5c3d-9e8a-1f2b3c4d5e6f', scope: 'fund', targetId: 'fund-7' },
  },
});

export type ReleaseLegalHoldRequest = CommandRequest<typeof releaseLegalHoldV1>;
