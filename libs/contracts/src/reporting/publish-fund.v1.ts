import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { publishedFileSchema, REPORTING_CONTEXT, reportingIdSchema } from './reporting.schemas';

/** Publishes a fund's approved memo and evidence pack for a cycle. */
export const publishFundV1 = defineCommand({
  context: REPORTING_CONTEXT,
  name: 'PublishFund',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'Refusals: PUBLICATION_NOT_APPROVED (the fund’s latest draft is not approved; an operator alert is raised), ALREADY_PUBLISHED, MEMO_NOT_FOUND.',
    additionalProperties: false,
    required: ['commandId', 'actor', 'reason', 'cycleId', 'fundId'],
    properties: {
      commandId: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description:
          'Chosen by the caller: the same command sent again gets the same reply and publishes nothing more.',
      },
      actor: { ...reportingIdSchema, description: 'The user id.' },
      reason: { type: 'string', minLength: 1, description: 'Why, in words an auditor can read.' },
      cycleId: reportingIdSchema,
      fundId: reportingIdSchema,
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['reportId', 'files'],
    properties: {
      reportId: reportingIdSchema,
      files: { type: 'array', minItems: 1, items: publishedFileSchema },
    },
  },
  example: {
    request: {
      commandId: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
      actor: 'user-5',
      reason: 'Monthly distribution to the investment committee.',
      cycleId: 'pf-001-2026-10-scheduled',
      fundId: 'fund-7',
    },
    reply: {
      reportId: 'report-8e9fa0b1c2d3e4f5',
      files: [
        {
          kind: 'memo_html',
          sha256: '60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f',
          uri: 'fai-output://sha256/60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f',
          bytes: 30412,
        },
      ],
    },
  },
});

export type PublishFundRequest = CommandRequest<typeof publishFundV1>;
export type PublishFundReply = CommandReply<typeof publishFundV1>;
