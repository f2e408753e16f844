import { defineEvent, type EventData } from '../define-event';
import { VALIDATION_CONTEXT, vId, vInstant, vRationale } from './validation-record.schemas';

/** Where a resolved value comes from: a claim (its source document), or the reviewer's own edit. */
export const exceptionResolutionSourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['claim', 'reviewer_edit'] },
    claimId: vId,
    artefactSha256: { type: 'string', pattern: '^[a-f0-9]{64}$' },
    extractorId: vId,
  },
} as const;

/** A reviewer decided (accept, edit or reject): the decision, the chosen value and source, and why. */
export const exceptionResolvedV1 = defineEvent({
  context: VALIDATION_CONTEXT,
  name: 'ExceptionResolved',
  version: 1,
  schema: {
    type: 'object',
    description:
      'Terminal. For a conflict the resolution names the chosen claim (source) and value; an edit names the new value. Every resolution has a rationale.',
    additionalProperties: false,
    required: ['exceptionId', 'action', 'actor', 'rationale', 'timeToCloseSeconds', 'at'],
    properties: {
      exceptionId: vId,
      action: { type: 'string', enum: ['accept', 'edit', 'reject'] },
      actor: vId,
      rationale: vRationale,
      resolution: {
        type: 'object',
        additionalProperties: false,
        required: ['value', 'unit', 'source'],
        properties: {
          value: { type: 'string' },
          unit: vId,
          source: exceptionResolutionSourceSchema,
        },
      },
      timeToCloseSeconds: { type: 'integer', minimum: 0, description: 'From raised to resolved.' },
      at: vInstant,
    },
  },
  example: {
    exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
    action: 'accept',
    actor: 'reviewer-3',
    rationale: 'The N-PORT figure is audited and as of month end; the NAV file total is two days older.',
    resolution: {
      value: '10108107972.19',
      unit: 'USD',
      source: {
        kind: 'claim',
        claimId: '81f4b0d9-9523-5b39-8ebd-ea5a46470483',
        artefactSha256: 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17',
        extractorId: 'nport-xml',
      },
    },
    timeToCloseSeconds: 9000,
    at: '2026-11-04T13:00:00.000Z',
  },
});

export type ExceptionResolvedV1 = EventData<typeof exceptionResolvedV1>;
