import { defineCommand, type CommandReply, type CommandRequest } from '../define-event';
import { REPORTING_CONTEXT, reportingHashSchema, reportingIdSchema } from './reporting.schemas';

const kpiDateSchema = { type: 'string', format: 'date' } as const;

/**
 * One KPI as the engine states it: its value (a decimal string; the risk bucket a number) with how
 * it was obtained, or `value: null` with a reason, a detail and the first NAV date.
 */
const kpiFigureSchema = {
  type: 'object',
  // How a figure was obtained differs per KPI (window bounds, NAVs, frequency, peak and trough).
  additionalProperties: true,
  required: ['value'],
  properties: {
    value: { type: ['string', 'integer', 'null'] },
    reason: {
      type: 'string',
      description:
        'When value is null: INSUFFICIENT_HISTORY, STALE_NAV, NAV_GAP, INSUFFICIENT_OBSERVATIONS, NO_BENCHMARK, FUND_RETURN_UNAVAILABLE, BENCHMARK_RETURN_UNAVAILABLE or VOLATILITY_UNAVAILABLE.',
    },
    detail: { type: 'string' },
  },
} as const;

/** The dated KPI snapshot of the reporting KPI engine (PRODUCT-SPEC §6). */
const kpiSnapshotSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'snapshotId',
    'fundId',
    'asOf',
    'config',
    'inputsDigest',
    'nav',
    'returns',
    'volatility',
    'maxDrawdown',
    'riskBucket',
    'relative',
  ],
  properties: {
    snapshotId: {
      type: 'string',
      minLength: 1,
      description: 'Derived from fund, date, configuration and inputs.',
    },
    fundId: reportingIdSchema,
    asOf: kpiDateSchema,
    config: {
      type: 'object',
      additionalProperties: false,
      required: ['configId', 'contentHash'],
      properties: { configId: reportingIdSchema, contentHash: reportingHashSchema },
    },
    inputsDigest: reportingHashSchema,
    nav: {
      type: 'object',
      additionalProperties: false,
      required: ['firstDate', 'lastDate', 'observations'],
      properties: {
        firstDate: { type: ['string', 'null'], format: 'date' },
        lastDate: { type: ['string', 'null'], format: 'date' },
        observations: { type: 'integer', minimum: 0 },
      },
    },
    returns: {
      type: 'object',
      description: 'By window (1M, 3M, 1Y, 3Y).',
      additionalProperties: kpiFigureSchema,
    },
    volatility: kpiFigureSchema,
    maxDrawdown: kpiFigureSchema,
    riskBucket: kpiFigureSchema,
    relative: {
      type: 'object',
      additionalProperties: false,
      required: ['benchmark', 'returns'],
      properties: {
        benchmark: {
          type: ['object', 'null'],
          additionalProperties: false,
          required: ['id', 'kind'],
          properties: { id: reportingIdSchema, kind: { type: 'string', enum: ['stated', 'inferred'] } },
        },
        returns: { type: 'object', additionalProperties: kpiFigureSchema },
      },
    },
  },
} as const;

/** The KPI snapshot of a fund's current memo in a cycle (its latest draft). */
export const getKpiSnapshotV1 = defineCommand({
  context: REPORTING_CONTEXT,
  name: 'GetKpiSnapshot',
  version: 1,
  requestSchema: {
    type: 'object',
    description:
      'A query: changes nothing. Refusal: MEMO_NOT_FOUND (the fund has no drafted memo in the cycle).',
    additionalProperties: false,
    required: ['cycleId', 'fundId'],
    properties: { cycleId: reportingIdSchema, fundId: reportingIdSchema },
  },
  replySchema: {
    type: 'object',
    additionalProperties: false,
    required: ['cycleId', 'fundId', 'runId', 'memoId', 'version', 'memoInputSha256', 'kpiConfigId', 'kpi'],
    properties: {
      cycleId: reportingIdSchema,
      fundId: reportingIdSchema,
      runId: reportingIdSchema,
      memoId: reportingIdSchema,
      version: { type: 'integer', minimum: 1, description: 'The memo’s draft number in the cycle.' },
      memoInputSha256: {
        ...reportingHashSchema,
        description: 'The memo input the snapshot is stored in (ReportPublished’s snapshotId).',
      },
      kpiConfigId: reportingIdSchema,
      kpi: {
        anyOf: [kpiSnapshotSchema, { type: 'null', description: 'The fund has no NAV history.' }],
      },
    },
  },
  example: {
    request: { cycleId: 'pf-001-2026-10-scheduled', fundId: 'fund-7' },
    reply: {
      cycleId: 'pf-001-2026-10-scheduled',
      fundId: 'fund-7',
      runId: 'pf-001-2026-10-scheduled-run-1',
      memoId: 'memo-3c4d5e6f7a8b9c0d',
      version: 1,
      memoInputSha256: '8e9fa0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d',
      kpiConfigId: 'kpi-config@1',
      kpi: {
        snapshotId: 'kpi-fund-7-2026-10-31-5b6c7d8e',
        fundId: 'fund-7',
        asOf: '2026-10-31',
        config: {
          configId: 'kpi-config@1',
          contentHash: '0718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6',
        },
        inputsDigest: '18293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607',
        nav: { firstDate: '2025-10-31', lastDate: '2026-10-31', observations: 254 },
        returns: {
          '1M': {
            value: '0.0125',
            calendarStart: '2026-09-30',
            startDate: '2026-09-30',
            endDate: '2026-10-31',
            startNav: '101.20',
            endNav: '102.465',
            cumulative: '0.0125',
            annualised: false,
          },
          '3Y': {
            value: null,
            reason: 'INSUFFICIENT_HISTORY',
            detail: 'the NAV history starts 2025-10-31, after the window start 2023-10-31',
            firstNavDate: '2025-10-31',
          },
        },
        volatility: {
          value: '0.0831',
          calendarStart: '2025-10-31',
          startDate: '2025-10-31',
          endDate: '2026-10-31',
          frequency: 'daily',
          returnType: 'simple',
          periodsPerYear: 252,
          observations: 253,
        },
        maxDrawdown: {
          value: '-0.0412',
          calendarStart: '2025-10-31',
          startDate: '2025-10-31',
          endDate: '2026-10-31',
          peakDate: '2026-03-02',
          troughDate: '2026-04-07',
        },
        riskBucket: { value: 3, measure: 'volatility', volatility: '0.0831' },
        relative: { benchmark: null, returns: {} },
      },
    },
  },
});

export type GetKpiSnapshotRequest = CommandRequest<typeof getKpiSnapshotV1>;
export type GetKpiSnapshotReply = CommandReply<typeof getKpiSnapshotV1>;
