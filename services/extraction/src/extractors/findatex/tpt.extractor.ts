import type { ExtractionResult, FundReference } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { FieldClaims, statedValue, type ArtefactRef, type ClaimScope, type Warning } from './findatex-claims';
import {
  layoutError,
  readFindatexTable,
  type FindatexCell,
  type FindatexRow,
  type FindatexTable,
} from './findatex-table.reader';
import type { FindatexField, FindatexTemplate, FindatexValueType } from './findatex-template';
import { readFindatexValue } from './findatex-values';
import { requireFields } from './findatex-version';
import { sumDecimals, tptTotalsWarnings, type PortfolioTotals } from './tpt-checks';
import { TPT, TPT_TEMPLATES } from './tpt-fields';

export const TPT_EXTRACTOR_ID = 'findatex-tpt';
export const TPT_EXTRACTOR_VERSION = '1.0.0';

export interface TptExtractionResult extends ExtractionResult {
  template: { name: 'TPT'; version: string };
  portfolio: PortfolioTotals;
}

/**
 * Solvency II Tripartite Template (V6, V7) → claims. Portfolio fields (ISIN, NAV, share price, cash
 * ratio, dates, ...) repeat on every row: they are claimed once, at the first row that states them,
 * and rows that disagree raise a warning. Position fields are claimed per row, with the position's
 * instrument code as subject. JSON rows, CSV and XLSX in the official layout.
 */
export async function extractTpt(bytes: Buffer, artefact: ArtefactRef): Promise<TptExtractionResult> {
  const table = await readFindatexTable(bytes, TPT_EXTRACTOR_ID);
  const template = tptTemplate(table);
  if (table.rows.length === 0)
    throw layoutError(TPT_EXTRACTOR_ID, 'The TPT has a header but no positions.', {});
  const warnings: Warning[] = [];
  const portfolioFields = template.fields.filter((f) => f.scope === 'portfolio');
  const portfolio = readPortfolio(table.rows, portfolioFields, warnings);
  const portfolioValueOf = (code: string, valueType: FindatexValueType = 'code') => {
    const known = portfolio.get(code);
    return known ? statedValue(known, valueType) : firstStated(table.rows, code, valueType);
  };
  const asOf = portfolioValueOf(TPT.valuationDate, 'date');
  if (!asOf) {
    throw new ExtractionFailedError(
      'EXTRACTION_MISSING_AS_OF_DATE',
      'No row states the valuation date (TPT field 6).',
      'A TPT must state its valuation date; ask the producer for a corrected file.',
      { extractorId: TPT_EXTRACTOR_ID },
    );
  }
  const fund = fundOf(portfolioValueOf);
  const base = {
    artefact,
    extractor: { id: TPT_EXTRACTOR_ID, version: TPT_EXTRACTOR_VERSION },
    fund,
    shareClass: portfolioValueOf(TPT.portfolioId),
    asOf,
  };
  const collected = new FieldClaims();
  for (const field of portfolioFields) {
    collected.take(field, portfolio.get(field.code), { ...base, valueOf: portfolioValueOf });
  }
  const positionFields = template.fields.filter((f) => f.scope === 'position');
  const keys = positionKeys(table.rows);
  table.rows.forEach((row, index) => {
    const valueOf = (code: string, valueType: FindatexValueType = 'code') =>
      statedValue(row.cells.get(code), valueType) ?? portfolioValueOf(code, valueType);
    for (const field of positionFields) {
      collected.take(field, row.cells.get(field.code), { ...base, subject: keys[index], valueOf });
    }
  });

  const totals: PortfolioTotals = {
    positions: table.rows.length,
    weightSum: sumDecimals(table.rows.map((row) => decimalOf(row, TPT.weight))),
    marketValueSum: sumDecimals(table.rows.map((row) => decimalOf(row, TPT.marketValue))),
    nav: portfolioValueOf(TPT.nav, 'decimal') ?? null,
    currency: portfolioValueOf(TPT.currency) ?? null,
  };
  return {
    extractor: base.extractor,
    documentType: 'findatex-tpt',
    claims: collected.claims,
    coverage: collected.coverage(),
    warnings: [...warnings, ...tptTotalsWarnings(totals), ...collected.warnings('rows')],
    template: { name: 'TPT', version: template.version },
    portfolio: totals,
  };
}

export const tptExtractor = {
  id: TPT_EXTRACTOR_ID,
  version: TPT_EXTRACTOR_VERSION,
  extract: extractTpt,
} as const;

/** The version field 1000 states (`V6.0 (official) ...`), else V7 when V7-only fields are present, else V6. */
function tptTemplate(table: FindatexTable): FindatexTemplate {
  const stated = firstStated(table.rows, TPT.version);
  const version = stated
    ? /^V(\d+)/i.exec(stated)?.[1]
    : table.fieldCodes.some((code) => Number.parseInt(code, 10) >= TPT.firstV7Field && code !== TPT.version)
      ? '7'
      : '6';
  const template = TPT_TEMPLATES.find((t) => t.version === `V${version}`);
  if (!template) {
    throw new ExtractionFailedError(
      'EXTRACTION_UNSUPPORTED_TEMPLATE_VERSION',
      `TPT version "${stated}" is not supported.`,
      `Send the file as TPT ${TPT_TEMPLATES.map((t) => t.version).join(' or ')}.`,
      {
        extractorId: TPT_EXTRACTOR_ID,
        stated,
      },
    );
  }
  requireFields(table, template, TPT_EXTRACTOR_ID);
  return template;
}

/** Each portfolio field's cell at the first row that states it; later rows stating something else are reported. */
function readPortfolio(
  rows: readonly FindatexRow[],
  fields: readonly FindatexField[],
  warnings: Warning[],
): Map<string, FindatexCell> {
  const portfolio = new Map<string, FindatexCell>();
  for (const field of fields) {
    const readings = rows.flatMap((row) => {
      const cell = row.cells.get(field.code);
      return cell ? [{ row, cell, value: readFindatexValue(cell.raw, field.valueType).value }] : [];
    });
    const first = readings.find((r) => r.value !== null) ?? readings[0];
    if (!first) continue;
    portfolio.set(field.code, first.cell);
    const disagreeing = readings.filter((r) => r.value !== null && r.value !== first.value);
    if (disagreeing.length > 0) {
      warnings.push({
        code: 'TPT_PORTFOLIO_FIELD_DISAGREES',
        message: `Field ${field.code} (${field.metric}) is ${first.value} in ${first.row.label} but ${disagreeing[0].value} in ${disagreeing[0].row.label} (${disagreeing.length} rows differ); the first is claimed.`,
      });
    }
  }
  return portfolio;
}

function fundOf(valueOf: ClaimScope['valueOf']): FundReference {
  const id = valueOf(TPT.portfolioId);
  const name = valueOf('3');
  return { ...(id && valueOf('2') === '1' && { isin: id }), ...(name && { name }) };
}

/** Instrument code (field 14), else name (17), else the row; repeats get `#2`, `#3`, ... in file order. */
function positionKeys(rows: readonly FindatexRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const key =
      statedValue(row.cells.get(TPT.instrumentId)) ??
      statedValue(row.cells.get(TPT.instrumentName)) ??
      row.label;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  });
}

function firstStated(
  rows: readonly FindatexRow[],
  code: string,
  valueType: FindatexValueType = 'code',
): string | undefined {
  for (const row of rows) {
    const value = statedValue(row.cells.get(code), valueType);
    if (value !== undefined) return value;
  }
  return undefined;
}

function decimalOf(row: FindatexRow, code: string): string | null {
  const cell = row.cells.get(code);
  return cell ? readFindatexValue(cell.raw, 'decimal').value : null;
}
