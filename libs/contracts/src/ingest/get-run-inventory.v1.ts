import { defineCommand, type CommandReply } from '../define-event';
import { runInventorySchema } from './intake-reply.schemas';
import { INGEST_CONTEXT, ingestIdSchema } from './ingest.schemas';

/** A run's source inventory: expected against received, with coverage notes. */
export const getRunInventoryV1 = defineCommand({
  context: INGEST_CONTEXT,
  name: 'GetRunInventory',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'A query: changes nothing. Refusals: INVENTORY_NOT_FOUND.',
    additionalProperties: false,
    required: ['runId'],
    properties: { runId: ingestIdSchema },
  },
  replySchema: runInventorySchema,
  example: {
    request: { runId: 'pf-001-2026-10-scheduled-run-1' },
    reply: {
      portfolioId: 'pf-001',
      cycleId: 'pf-001-2026-10-scheduled',
      runId: 'pf-001-2026-10-scheduled-run-1',
      period: '2026-10',
      status: 'collecting',
      expected: [
        { fundId: 'fund-7', artefactType: 'nport', required: true, status: 'missing' },
        {
          fundId: 'fund-7',
          artefactType: 'factsheet',
          required: false,
          status: 'received',
          artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
        },
      ],
      received: [
        {
          artefactId: 'art-0b1c2d3e-4f5a-5b6c-8d7e-9f0a1b2c3d4e',
          fundId: 'fund-7',
          documentType: 'factsheet',
          period: '2026-10',
          assessment: 'fresh',
          note: 'factsheet of fund-7 for 2026-10 received',
        },
      ],
      notes: ['required nport of fund-7 for 2026-10 is missing'],
    },
  },
});

export type RunInventory = CommandReply<typeof getRunInventoryV1>;
