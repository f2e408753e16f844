import type { AnyEventContract } from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import type { BusMessage } from '@fai/messaging';
import { eventMessage } from '@fai/testing';

/** How long a scheduler test waits for an effect (a read model, a stored event) to show. */
export const WAIT_MS = 15_000;

export interface StoredEvent {
  stream_id: string;
  event_id: string;
  event_type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** The scheduler's stored events, in log order, optionally of one type. */
export async function storedEvents(db: SqlExecutor, schema: string, type?: string): Promise<StoredEvent[]> {
  const { rows } = await db.query<StoredEvent>(
    `SELECT stream_id, event_id::text, event_type, data, metadata FROM ${ident(schema)}.events
      WHERE $1::text IS NULL OR event_type = $1 ORDER BY global_position`,
    [type ?? null],
  );
  return rows;
}

/** A read model row by key, as the gateway would read it (snake_case columns). */
export async function readModelRow(
  db: SqlExecutor,
  schema: string,
  table: 'cycle_overview' | 'run_timeline' | 'portfolio_schedule',
  key: Record<string, string>,
): Promise<Record<string, unknown> | undefined> {
  const [[column, value]] = Object.entries(key);
  const { rows } = await db.query(
    `SELECT * FROM ${ident(schema)}.${ident(table)} WHERE ${ident(column)} = $1`,
    [value],
  );
  return rows[0];
}

/** A monthly schedule due on the 4th at 07:00 UTC, cut-off one business day later, one-hour ingest budget. */
export const SCHEDULE = {
  startPeriod: '2026-10',
  due: { rule: 'day_of_month', day: 4 },
  localTime: '07:00',
  timeZone: 'UTC',
  cutOff: { businessDays: 1, hours: 0 },
  stageBudgetsMinutes: { ingest: 60, extract: 60, validate: 60, compare: 60, rank: 60, report: 60 },
} as const;

export const FUNDS = [
  {
    fundId: 'fund-7',
    name: 'Acme World Equity',
    isins: ['LU0123456789'],
    shareClasses: [{ shareClassId: 'fund-7-a', isin: 'LU0123456789', currency: 'EUR' }],
  },
];

export const INVENTORY = [
  {
    fundId: 'fund-7',
    artefacts: [
      { artefactType: 'nport', required: true },
      { artefactType: 'findatex_tpt', required: true },
      { artefactType: 'factsheet', required: false },
    ],
  },
];

/** A stage outcome as its owning service's relay would publish it, with the run's ids in the envelope. */
export function stageEvent(
  contract: AnyEventContract,
  data: Record<string, unknown>,
  id: string,
): BusMessage {
  return eventMessage(contract, data, {
    id,
    tenantid: 'tenant-acme',
    portfolioid: String(data.portfolioId),
    cycleid: String(data.cycleId),
    runid: String(data.runId),
  });
}
