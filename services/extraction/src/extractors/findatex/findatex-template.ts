import type { DocumentMetricKey } from '../../claims/metric-vocabulary';

/** How a field's text is read; decimals and dates are checked, codes and text are kept as stated. */
export type FindatexValueType = 'decimal' | 'date' | 'code' | 'text';

/** A fixed unit, or the currency another field of the same row (or portfolio) names. */
export type FindatexUnit =
  'ratio' | 'percent' | 'years' | 'count' | 'date' | 'text' | { currencyField: string };

/**
 * Where a field's claim belongs: once per file (`portfolio`, TPT fields repeated on every row),
 * once per row that is a position (`position`), or once per row that is a share class (`row`).
 */
export type FindatexScope = 'portfolio' | 'position' | 'row';

/** One FinDatEx field that becomes a claim, keyed by its number in the official field list. */
export interface FindatexField {
  /** The field number as the official list spells it: `5`, `8b`, `03060`. */
  code: string;
  metric: DocumentMetricKey;
  valueType: FindatexValueType;
  unit: FindatexUnit;
  scope: FindatexScope;
  /** Counts towards coverage; when its cell is present but empty the claim is a typed blank. */
  expected?: boolean;
  /** An identifier whose code type another field gives: type `1` (ISO 6166) makes it an ISIN claim. */
  identifier?: { typeField: string; isinMetric: DocumentMetricKey };
  /** The field that gives this field's as-of date, when it is not the template's general one. */
  asOfField?: string;
}

export type FindatexTemplateName = 'TPT' | 'EPT' | 'EMT';

export interface FindatexTemplate {
  name: FindatexTemplateName;
  /** Version as the official list names it, e.g. `V6`, `V2.1`, `V4.3`. */
  version: string;
  fields: readonly FindatexField[];
  /** Field numbers a file of this template must have in its header. */
  required: readonly string[];
}

/** `5_Net_asset_valuation...` → `5`; `00001_EPT_Version` → `00001`; a bare number is its own code. */
const FIELD_CODE = /^(\d+[a-z]?)(?:_|$)/i;

export function fieldCode(header: string): string | undefined {
  return FIELD_CODE.exec(header.trim())?.[1]?.toLowerCase();
}

/** Builds a template's field list from compact rows, so the tables below read like the official list. */
export function fields(
  scope: FindatexScope,
  rows: ReadonlyArray<
    [
      code: string,
      metric: DocumentMetricKey,
      valueType: FindatexValueType,
      unit: FindatexUnit,
      extra?: Partial<FindatexField>,
    ]
  >,
): FindatexField[] {
  return rows.map(([code, metric, valueType, unit, extra]) => ({
    code,
    metric,
    valueType,
    unit,
    scope,
    ...extra,
  }));
}
