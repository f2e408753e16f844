import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import {
  PUBLISHED_FILE_KINDS,
  REPORTING_CONTEXT,
  reportingHashSchema,
  reportingIdSchema,
  reportingInstantSchema,
} from './reporting.schemas';

/** Every distribution of a published file (the export log), of one report or of a fund's cycle, a page at a time. */
export const getExportLogV1 = defineCommand({
  context: REPORTING_CONTEXT,
  name: 'GetExportLog',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Give reportId, or cycleId with fundId; pass nextCursor back to get the next page. Refusals: EXPORT_LOG_QUERY_INVALID, EXPORT_LOG_CURSOR_INVALID.',
    additionalProperties: false,
    properties: {
      reportId: reportingIdSchema,
      cycleId: reportingIdSchema,
      fundId: reportingIdSchema,
      cursor: { type: 'string', minLength: 1 },
      limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'Entries per page; default 100.' },
    },
  },
  replySchema: {
    type: 'object',
    description: 'Entries oldest first. None when the fund is not published (nothing was distributed).',
    additionalProperties: false,
    required: ['entries'],
    properties: {
      entries: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [
            'exportId',
            'reportId',
            'cycleId',
            'fundId',
            'kind',
            'sha256',
            'uri',
            'channel',
            'actor',
            'commandId',
            'exportedAt',
          ],
          properties: {
            exportId: { type: 'string', minLength: 1 },
            reportId: reportingIdSchema,
            cycleId: reportingIdSchema,
            fundId: reportingIdSchema,
            kind: { type: 'string', enum: PUBLISHED_FILE_KINDS },
            sha256: reportingHashSchema,
            uri: { type: 'string', minLength: 1 },
            channel: {
              type: 'string',
              minLength: 1,
              description: 'Where the file went: `event:<subject>` for the ReportPublished event.',
            },
            actor: { ...reportingIdSchema, description: 'Who published.' },
            commandId: { type: 'string', minLength: 1 },
            exportedAt: reportingInstantSchema,
          },
        },
      },
      nextCursor: { type: 'string', minLength: 1, description: 'Absent on the last page.' },
    },
  },
  example: {
    request: { cycleId: 'pf-001-2026-10-scheduled', fundId: 'fund-7', limit: 1 },
    reply: {
      entries: [
        {
          exportId: '41',
          reportId: 'report-8e9fa0b1c2d3e4f5',
          cycleId: 'pf-001-2026-10-scheduled',
          fundId: 'fund-7',
          kind: 'memo_html',
          sha256: '60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f',
          uri: 'fai-output://sha256/60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f',
          channel: 'event:fai.reporting.report-published.v1',
          actor: 'user-5',
          commandId: '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f',
          exportedAt: '2026-11-05T09:12:00.000Z',
        },
      ],
      nextCursor: '41',
    },
  },
});

export type GetExportLogRequest = CommandRequest<typeof getExportLogV1>;
export type GetExportLogReply = CommandReply<typeof getExportLogV1>;
export type ExportLogEntry = GetExportLogReply['entries'][number];
