/*
 * Schema fragments the scheduler's contracts share. Each is `as const` so `FromSchema` infers the
 * exact types; contracts inline them (no `$ref`), so every published schema stands alone.
 */

export const SCHEDULER_CONTEXT = 'scheduler';

/** The stages of a run, in the order they happen; per-fund review follows `report`. */
export const RUN_STAGES = ['ingest', 'extract', 'validate', 'compare', 'rank', 'report'] as const;
export type RunStage = (typeof RUN_STAGES)[number];

export const CYCLE_KINDS = ['scheduled', 'adhoc'] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export const idSchema = { type: 'string', minLength: 1 } as const;

export const reasonSchema = {
  type: 'string',
  minLength: 1,
  description: 'Why, in words an auditor can read.',
} as const;

export const periodSchema = {
  type: 'string',
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'The reported month, YYYY-MM; its cycle is due in the following month.',
} as const;

export const instantSchema = { type: 'string', format: 'date-time' } as const;

export const stageSchema = { type: 'string', enum: RUN_STAGES } as const;

export const cycleKindSchema = { type: 'string', enum: CYCLE_KINDS } as const;

/** What made a transition happen: the schedule's clock, an operator, or another service's event. */
export const causeSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { const: 'clock' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'actor'],
      properties: { kind: { const: 'operator' }, actor: { ...idSchema, description: 'The user id.' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'eventId'],
      properties: {
        kind: { const: 'event' },
        eventId: { ...idSchema, description: 'The id of the cause event.' },
      },
    },
  ],
} as const;

/** The policy versions a cycle pins (spec §2.10); absent ones follow the service defaults at run time. */
export const policyVersionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rulesetId: idSchema,
    materialityId: idSchema,
    sourcePolicyId: idSchema,
    reportTemplateId: idSchema,
  },
} as const;

export const isinSchema = { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{9}[0-9]$' } as const;

export const seriesIdSchema = {
  type: 'string',
  pattern: '^S\\d{9}$',
  description: 'SEC series id, as N-PORT and N-CEN state it.',
} as const;

export const leiSchema = {
  type: 'string',
  pattern: '^[A-Z0-9]{18}[0-9]{2}$',
  description: 'ISO 17442 Legal Entity Identifier of the fund.',
} as const;

export const currencySchema = {
  type: 'string',
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code.',
} as const;

export const fundSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fundId', 'name', 'isins', 'shareClasses'],
  properties: {
    fundId: {
      ...idSchema,
      description: 'Internal and stable forever, whatever happens to ISINs and share classes.',
    },
    name: idSchema,
    isins: { type: 'array', items: isinSchema },
    seriesId: seriesIdSchema,
    lei: leiSchema,
    shareClasses: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['shareClassId'],
        properties: { shareClassId: idSchema, isin: isinSchema, currency: currencySchema },
      },
    },
  },
} as const;

const minutesSchema = { type: 'integer', minimum: 1 } as const;

export const stageBudgetsSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'How long a run may stay in each stage, in minutes, before it counts as stalled.',
  required: [...RUN_STAGES],
  properties: {
    ingest: minutesSchema,
    extract: minutesSchema,
    validate: minutesSchema,
    compare: minutesSchema,
    rank: minutesSchema,
    report: minutesSchema,
  },
} as const;

export const scheduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['startPeriod', 'due', 'localTime', 'timeZone', 'cutOff', 'stageBudgetsMinutes'],
  properties: {
    startPeriod: { ...periodSchema, description: 'The first period the clock opens a cycle for.' },
    due: {
      description: 'When in the month after the period the cycle opens.',
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'day'],
          properties: {
            rule: { const: 'day_of_month' },
            day: {
              type: 'integer',
              minimum: 1,
              maximum: 31,
              description: 'Clamped to the length of the month.',
            },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'businessDays'],
          properties: {
            rule: { const: 'business_days_after_month_end' },
            businessDays: {
              type: 'integer',
              minimum: 1,
              maximum: 20,
              description: 'N-th Monday-to-Friday after the period ends (every month has at least 20).',
            },
          },
        },
      ],
    },
    localTime: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:mm, local.' },
    timeZone: { ...idSchema, description: 'IANA time zone, e.g. Europe/London.' },
    cutOff: {
      type: 'object',
      additionalProperties: false,
      description: 'When required artefacts must be in: business days, then hours, after the cycle opens.',
      required: ['businessDays', 'hours'],
      properties: {
        businessDays: { type: 'integer', minimum: 0, maximum: 20 },
        hours: { type: 'integer', minimum: 0, maximum: 240 },
      },
    },
    stageBudgetsMinutes: stageBudgetsSchema,
  },
} as const;

export const artefactTypeSchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_]*$',
  description: 'An artefact type, e.g. nport_xml, emt, nav_history, factsheet_pdf.',
} as const;

export const missingArtefactsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['fundId', 'artefactType'],
    properties: { fundId: idSchema, artefactType: artefactTypeSchema },
  },
} as const;

export const sha256Schema = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;

/** What a rerun changes compared with the run it replaces. */
export const runChangesSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'What is different from the replaced run.',
  properties: {
    inputArtefacts: {
      type: 'array',
      description: 'Input artefacts whose content (sha256) differs from the replaced run.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['artefactId', 'sha256'],
        properties: { artefactId: idSchema, sha256: sha256Schema },
      },
    },
    policyVersions: policyVersionsSchema,
    serviceVersions: {
      type: 'object',
      description: 'Service name to version, e.g. { "extraction": "1.4.2" }.',
      additionalProperties: idSchema,
    },
  },
} as const;

/** Which artefacts each fund must (or may) supply every period. */
export const expectedInventorySchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['fundId', 'artefacts'],
    properties: {
      fundId: idSchema,
      artefacts: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['artefactType', 'required'],
          properties: { artefactType: artefactTypeSchema, required: { type: 'boolean' } },
        },
      },
    },
  },
} as const;

/** Commands: who sends them and how a retry is recognised. */
export const commandIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description:
    'Chosen by the caller (e.g. the gateway, from an Idempotency-Key): the same command sent again with the same id changes nothing more and gets the same reply.',
} as const;

export const actorSchema = {
  ...idSchema,
  description: 'The authenticated user id the command acts for.',
} as const;
