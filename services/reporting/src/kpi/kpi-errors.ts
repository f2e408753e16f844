import { FaiError } from '@fai/contracts';

export class KpiConfigInvalidError extends FaiError {
  constructor(source: string, problems: readonly string[]) {
    super({
      code: 'KPI_CONFIG_INVALID',
      message: `KPI configuration ${source} is invalid: ${problems.join('; ')}`,
      hint: 'Fix each listed problem (the document must satisfy kpi-config.schema.json) or add a new version.',
      details: { source, problems },
    });
  }
}

export class KpiConfigUnknownError extends FaiError {
  constructor(configId: string, known: readonly string[]) {
    super({
      code: 'KPI_CONFIG_UNKNOWN',
      message: `KPI configuration ${configId} does not exist`,
      hint: `Use one of the versions kept in services/reporting/kpi-config: ${known.join(', ') || 'none found'}.`,
      details: { configId, known },
    });
  }
}

/** A NAV or benchmark series, or the snapshot date, that the engine cannot read as given. */
export class KpiInputInvalidError extends FaiError {
  constructor(series: string, problem: string, details: Record<string, unknown> = {}) {
    super({
      code: 'KPI_INPUT_INVALID',
      message: `KPI input ${series} is invalid: ${problem}`,
      hint: 'Dates must be ISO calendar dates (YYYY-MM-DD) and NAVs positive decimal strings; correct the source series.',
      details: { series, problem, ...details },
    });
  }
}

/** Two different NAVs for one date: the engine will not pick one silently. */
export class KpiNavDateConflictError extends FaiError {
  constructor(series: string, date: string, values: readonly string[]) {
    super({
      code: 'KPI_NAV_DATE_CONFLICT',
      message: `KPI input ${series} has different NAVs for ${date}: ${values.join(' vs ')}`,
      hint: 'Resolve which NAV is right for that date in the source (identical repeats are accepted).',
      details: { series, date, values },
    });
  }
}
