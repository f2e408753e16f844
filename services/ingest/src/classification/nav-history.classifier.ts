import type { Recognition } from './artefact-classification';
import { inferDayMonthOrder, latestDate, parseDocumentDate } from './document-dates';
import { distinctIsins } from './fund-identifiers';

const DATE_COLUMN = /^(nav[ _]?)?date$|^as[ _]?of([ _]date)?$|^(valuation|price|pricing|trade)[ _]?date$/i;
const VALUE_COLUMN = /\bnav\b|net asset value|price|close|^value$/i;
const ISIN_COLUMN = /^isin$/i;
const SAMPLE_ROWS = 20;

/**
 * A NAV history as rows: either headerless `date,value` lines (as Indian AMFI exports come) or a
 * header naming a date column and a NAV/price column. The period ends at the latest date, wherever
 * it stands (files come newest-first as often as oldest-first).
 */
export function recogniseNavRows(rows: readonly string[][]): Recognition | undefined {
  const filled = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
  if (filled.length === 0) return undefined;
  const header = filled[0].map((cell) => cell.trim());
  const dateColumn = header.findIndex((name) => DATE_COLUMN.test(name));
  const valueColumn = header.findIndex((name, column) => column !== dateColumn && VALUE_COLUMN.test(name));
  if (dateColumn >= 0 && valueColumn >= 0) {
    const isinColumn = header.findIndex((name) => ISIN_COLUMN.test(name));
    const body = filled.slice(1);
    return navHistory(
      body.map((row) => row[dateColumn] ?? ''),
      isinColumn >= 0 ? body.map((row) => row[isinColumn]) : [],
    );
  }
  const headerless = filled
    .slice(0, SAMPLE_ROWS)
    .every((row) => row.length >= 2 && isNumber(row[1]) && parseDocumentDate(row[0]) !== undefined);
  return headerless
    ? navHistory(
        filled.map((row) => row[0]),
        [],
      )
    : undefined;
}

/** A NAV history as JSON: parallel `dates` / `values` arrays (openseries style) or `{ date, nav }` objects. */
export function recogniseNavJson(value: unknown): Recognition | undefined {
  if (Array.isArray(value)) {
    const keys = value.length > 0 && isObject(value[0]) ? Object.keys(value[0]) : [];
    const dateKey = keys.find((key) => DATE_COLUMN.test(key));
    const valueKey = keys.find((key) => key !== dateKey && VALUE_COLUMN.test(key));
    if (!dateKey || !valueKey) return undefined;
    const records = value.filter(isObject);
    return navHistory(
      records.map((record) => String(record[dateKey] ?? '')),
      records.map((record) => record.isin),
    );
  }
  if (!isObject(value) || !Array.isArray(value.dates) || !Array.isArray(value.values)) return undefined;
  if (value.dates.length !== value.values.length || !value.values.every((v) => typeof v === 'number'))
    return undefined;
  return navHistory(value.dates.map(String), [value.isin]);
}

function navHistory(rawDates: string[], isinValues: unknown[]): Recognition | undefined {
  const order = inferDayMonthOrder(rawDates);
  const end = latestDate(
    rawDates.map((raw) => parseDocumentDate(raw, order)).filter((date): date is string => !!date),
  );
  if (!end) return undefined;
  return { documentType: 'nav-history', identifiers: { isin: distinctIsins(isinValues) }, period: { end } };
}

const isNumber = (text: string | undefined) => text !== undefined && /^\s*-?\d[\d,]*(\.\d+)?\s*$/.test(text);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
