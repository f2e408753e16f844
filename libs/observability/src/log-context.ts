import { AsyncLocalStorage } from 'node:async_hooks';

/** Who and what a piece of work is about; every log line written inside it carries these fields. */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
  tenantId?: string;
  portfolioId?: string;
  cycleId?: string;
  runId?: string;
  fundId?: string;
  stage?: string;
  userId?: string;
}

/** Log field names are snake_case so dashboards and alert rules query one spelling. */
const LOG_FIELD_NAMES: Record<keyof LogContext, string> = {
  requestId: 'request_id',
  correlationId: 'correlation_id',
  tenantId: 'tenant_id',
  portfolioId: 'portfolio_id',
  cycleId: 'cycle_id',
  runId: 'run_id',
  fundId: 'fund_id',
  stage: 'stage',
  userId: 'user_id',
};

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` merged over the enclosing one; fields left undefined keep the outer value. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...currentLogContext(), ...definedFields(context) }, work);
}

export function currentLogContext(): LogContext {
  return { ...storage.getStore() };
}

export function logContextFields(context: LogContext): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(definedFields(context))) {
    fields[LOG_FIELD_NAMES[key as keyof LogContext]] = value;
  }
  return fields;
}

function definedFields(context: LogContext): LogContext {
  return Object.fromEntries(
    Object.entries(context).filter(([key, value]) => key in LOG_FIELD_NAMES && value !== undefined),
  );
}
