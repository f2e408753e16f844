import { defineCommand, type CommandRequest } from '../define-event';
import {
  COMMAND_ENVELOPE_REQUIRED,
  commandEnvelopeProperties,
  portfolioReplySchema,
} from './scheduler-commands.schemas';
import { expectedInventorySchema, idSchema, SCHEDULER_CONTEXT } from './scheduler.schemas';

/** Sets which artefacts each fund must (or may) supply every period, replacing the earlier list. */
export const setExpectedInventoryV1 = defineCommand({
  context: SCHEDULER_CONTEXT,
  name: 'SetExpectedInventory',
  version: 1,
  requestSchema: {
    type: 'object',
    description: 'Refusals: PORTFOLIO_NOT_FOUND, INVALID_INVENTORY, REASON_REQUIRED.',
    additionalProperties: false,
    required: [...COMMAND_ENVELOPE_REQUIRED, 'portfolioId', 'funds'],
    properties: { ...commandEnvelopeProperties, portfolioId: idSchema, funds: expectedInventorySchema },
  },
  replySchema: portfolioReplySchema,
  example: {
    request: {
      commandId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
      actor: 'user-42',
      reason: 'Factsheets are helpful but not every manager sends one.',
      portfolioId: 'pf-001',
      funds: [
        {
          fundId: 'fund-7',
          artefacts: [
            { artefactType: 'nport', required: true },
            { artefactType: 'factsheet', required: false },
          ],
        },
      ],
    },
    reply: { portfolioId: 'pf-001', changed: true },
  },
});

export type SetExpectedInventoryRequest = CommandRequest<typeof setExpectedInventoryV1>;
