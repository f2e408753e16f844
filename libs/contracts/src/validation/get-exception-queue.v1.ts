import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  VALIDATION_CONTEXT,
  vChangeCategory,
  vDecimal,
  vExceptionKind,
  vId,
  vInstant,
  vSeverity,
} from './validation-record.schemas';

const STATUSES = ['open', 'monitoring', 'resolved'] as const;

/** The exception queue, most material first, filtered and a page at a time. */
export const getExceptionQueueV1 = defineCommand({
  context: VALIDATION_CONTEXT,
  name: 'GetExceptionQueue',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Every filter is optional; without status, open and monitoring exceptions. Pass nextCursor back for the next page. Refusal: EXCEPTION_QUEUE_CURSOR_INVALID.',
    additionalProperties: false,
    properties: {
      portfolioId: vId,
      cycleId: vId,
      runId: vId,
      fundId: vId,
      severity: vSeverity,
      kind: vExceptionKind,
      category: vChangeCategory,
      status: { type: 'string', enum: STATUSES },
      assignee: vId,
      limit: { type: 'integer', minimum: 1, maximum: 500, description: 'Default 100.' },
      cursor: { type: 'string', minLength: 1 },
    },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [
            'exceptionId',
            'portfolioId',
            'cycleId',
            'runId',
            'fundId',
            'kind',
            'severity',
            'blocking',
            'status',
            'materialityScore',
            'title',
            'slaDueAt',
            'raisedAt',
          ],
          properties: {
            exceptionId: vId,
            portfolioId: vId,
            cycleId: vId,
            runId: vId,
            fundId: vId,
            kind: vExceptionKind,
            category: vChangeCategory,
            severity: vSeverity,
            blocking: { type: 'boolean' },
            status: { type: 'string', enum: STATUSES },
            materialityScore: vDecimal,
            title: vId,
            fieldKey: vId,
            assignee: vId,
            slaDueAt: vInstant,
            raisedAt: vInstant,
            resolvedAt: vInstant,
            timeToCloseSeconds: { type: 'integer', minimum: 0 },
          },
        },
      },
      nextCursor: { type: 'string', minLength: 1, description: 'Absent on the last page.' },
    },
  },
  example: {
    request: { fundId: 'fund-pimco-ldi', severity: 'high', limit: 1 },
    reply: {
      items: [
        {
          exceptionId: 'exc-5f1c0b2a9d8e7f6a5b4c3d2e1f0a9b8c',
          portfolioId: 'pf-001',
          cycleId: 'pf-001-2024-06-scheduled',
          runId: 'pf-001-2024-06-scheduled-run-1',
          fundId: 'fund-pimco-ldi',
          kind: 'contradiction',
          severity: 'high',
          blocking: true,
          status: 'open',
          materialityScore: '0.8200',
          title: 'fund.net_assets: sources disagree beyond tolerance',
          fieldKey: 'fund.net_assets',
          slaDueAt: '2026-11-06T10:30:00.000Z',
          raisedAt: '2026-11-04T10:30:00.000Z',
        },
      ],
      nextCursor: 'WyIwLjgyMDAiLCJleGMtNWYxYyJd',
    },
  },
});

export type GetExceptionQueueRequest = CommandRequest<typeof getExceptionQueueV1>;
export type GetExceptionQueueReply = CommandReply<typeof getExceptionQueueV1>;
export type ExceptionQueueItem = GetExceptionQueueReply['items'][number];
