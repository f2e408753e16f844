import type { Claim, ExtractionResult, FundReference } from '../../claims/claim';
import { withClaimId } from '../../claims/claim-id';
import { readNavCsv } from './nav-csv.reader';
import { detectDateFormat, toIsoDate, type NavDateFormat } from './nav-dates';
import { readNavJson } from './nav-json.reader';
import {
  detectDecimalMark,
  NAV_EXTRACTOR_ID,
  navFailure,
  readNavValue,
  type DecimalMark,
  type NavValue,
  type RawNavPoint,
} from './nav-points';

export const NAV_EXTRACTOR_VERSION = '1.1.0';
const METRIC = 'nav.per_share';
const BENCHMARK_METRIC = 'benchmark.level';
const INDEX_POINTS = 'points';
// ISO 4217 "no currency": the file does not say, and a currency is never guessed.
const UNKNOWN_CURRENCY = 'XXX';

export interface NavExtractionOptions {
  /** Needed only when no date in the file tells DD/MM from MM/DD. */
  dateFormat?: NavDateFormat;
  /** Needed only when no value tells whether "1,500" means 1500 or 1.5. */
  decimalMark?: DecimalMark;
  /** What the ingesting side knows about the series; identifiers the file itself states take precedence. */
  fund?: FundReference;
  shareClass?: string;
  /** ISO 4217; overrides nothing the file states, used when it states none. */
  currency?: string;
}

export interface NavSeriesSummary {
  /** Claims, one per dated row; a date stated twice counts twice. */
  count: number;
  distinctDates: number;
  first: { date: string; value: string | null } | null;
  last: { date: string; value: string | null } | null;
  /** Order of the points in the file; claims are always oldest first. */
  inputOrder: 'oldest-first' | 'newest-first' | 'unordered';
  currency: string;
  /** The benchmark levels stated beside the NAVs: the column's name and how many dates it claims. */
  benchmark: { name: string; count: number } | null;
}

export interface NavExtractionResult extends ExtractionResult {
  series: NavSeriesSummary;
}

interface DatedPoint {
  asOf: string;
  point: RawNavPoint;
  nav: NavValue;
}

/**
 * NAV (or close price) history → one `nav.per_share` claim per date, oldest first. CSV with a
 * named or no header, JSON as parallel arrays or records. Gaps stay gaps: a holiday with no NAV
 * has no claim, and nothing is interpolated. A benchmark column beside the NAVs gives one
 * `benchmark.level` claim per date as well: the series the fund states it is measured against.
 */
export async function extractNavHistory(
  input: Buffer | AsyncIterable<Buffer | string>,
  artefact: { sha256: string; version: number },
  options: NavExtractionOptions = {},
): Promise<NavExtractionResult> {
  const text = await readText(input);
  if (text.trim() === '') {
    throw navFailure(
      'EXTRACTION_EMPTY_ARTEFACT',
      'The artefact is empty.',
      'Send the NAV history file itself.',
    );
  }
  const series = /^[\s\uFEFF]*[[{]/.test(text) ? readNavJson(text) : readNavCsv(text);
  const stated = series.points.filter((p) => p.date.trim() !== '');
  if (stated.length === 0) {
    throw navFailure(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      'The series has no dated points.',
      'Send a file with at least one date and NAV.',
    );
  }
  const dates = stated.map((p) => p.date);
  const format = detectDateFormat(dates, options.dateFormat);
  const mark = detectDecimalMark(
    stated.map((p) => p.value),
    options.decimalMark,
  );
  const dated = datedPoints(stated, format, mark);
  const currency = series.currency ?? options.currency ?? UNKNOWN_CURRENCY;
  const ordered = oldestFirst(dated);
  const fund = { ...options.fund, ...series.fund };
  const claimOf = (metric: string, unit: string) => (d: DatedPoint) =>
    toClaim(d, { metric, fund, unit, shareClass: options.shareClass }, artefact);
  const claims = ordered.map(claimOf(METRIC, currency));
  // The file writes its benchmark levels with the NAV's decimal mark: one file, one convention.
  const benchmarkRows = datedPoints(
    series.benchmark?.points.filter((p) => p.date.trim() !== '') ?? [],
    format,
    mark,
  );
  // A level the file leaves out, or no level at all (zero or below), is a gap in the comparison,
  // not a figure: only positive levels are claimed.
  const benchmarkLevels = benchmarkRows.filter((d) => d.nav.value !== null && Number(d.nav.value) > 0);
  const benchmark = oldestFirst(benchmarkLevels).map(claimOf(BENCHMARK_METRIC, INDEX_POINTS));
  const first = ordered[0];
  const last = ordered.at(-1);
  return {
    extractor: { id: NAV_EXTRACTOR_ID, version: NAV_EXTRACTOR_VERSION },
    documentType: 'nav-history',
    claims: [...claims, ...benchmark],
    coverage: claims.some((c) => c.value !== null)
      ? { expected: 1, found: 1, missing: [] }
      : { expected: 1, found: 0, missing: [METRIC] },
    warnings: [...seriesWarnings(series.points.length, dated, currency), ...benchmarkWarnings(benchmarkRows)],
    series: {
      count: claims.length,
      distinctDates: new Set(claims.map((c) => c.asOf)).size,
      first: first ? { date: first.asOf, value: first.nav.value } : null,
      last: last ? { date: last.asOf, value: last.nav.value } : null,
      inputOrder: inputOrder(dated.map((d) => d.asOf)),
      currency,
      benchmark: series.benchmark ? { name: series.benchmark.name, count: benchmark.length } : null,
    },
  };
}

/** The points whose date reads in the series' format, each with its value read. */
function datedPoints(points: readonly RawNavPoint[], format: NavDateFormat, mark: DecimalMark): DatedPoint[] {
  return points.flatMap((point): DatedPoint[] => {
    const asOf = toIsoDate(point.date, format);
    return asOf ? [{ asOf, point, nav: readNavValue(point.value, mark) }] : [];
  });
}

function oldestFirst(points: readonly DatedPoint[]): DatedPoint[] {
  return [...points].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
}

async function readText(input: Buffer | AsyncIterable<Buffer | string>): Promise<string> {
  if (Buffer.isBuffer(input)) return input.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function toClaim(
  { asOf, point, nav }: DatedPoint,
  series: { metric: string; fund: FundReference; unit: string; shareClass?: string },
  artefact: { sha256: string; version: number },
): Claim {
  return withClaimId({
    fund: series.fund,
    ...(series.shareClass ? { shareClass: series.shareClass } : {}),
    metric: series.metric,
    subject: asOf,
    value: nav.value,
    ...(nav.blank ? { blank: nav.blank } : {}),
    unit: series.unit,
    asOf,
    evidence: { artefactSha256: artefact.sha256, artefactVersion: artefact.version, locator: point.locator },
    extractor: { id: NAV_EXTRACTOR_ID, version: NAV_EXTRACTOR_VERSION },
    confidence: 1,
  });
}

function inputOrder(dates: readonly string[]): NavSeriesSummary['inputOrder'] {
  const pairs = dates.slice(1).map((date, i) => [dates[i], date] as const);
  if (pairs.every(([a, b]) => a <= b)) return 'oldest-first';
  if (pairs.every(([a, b]) => a >= b)) return 'newest-first';
  return 'unordered';
}

function seriesWarnings(
  rows: number,
  dated: readonly DatedPoint[],
  currency: string,
): ExtractionResult['warnings'] {
  const warnings: ExtractionResult['warnings'] = [];
  if (dated.length < rows) {
    warnings.push({
      code: 'NAV_UNREADABLE_ROWS',
      message: `${rows - dated.length} of ${rows} rows have no readable date and gave no claim.`,
    });
  }
  const unreadable = dated.filter((d) => d.nav.unreadable).length;
  if (unreadable > 0) {
    warnings.push({
      code: 'NAV_UNREADABLE_VALUES',
      message: `${unreadable} NAV values are not numbers; they are claimed as blanks.`,
    });
  }
  const dates = dated.map((d) => d.asOf);
  const duplicates = dates.length - new Set(dates).size;
  if (duplicates > 0) {
    warnings.push({
      code: 'NAV_DUPLICATE_DATES',
      message: `${duplicates} dates appear more than once; every stated value is kept.`,
    });
  }
  if (currency === UNKNOWN_CURRENCY) {
    warnings.push({
      code: 'NAV_CURRENCY_UNKNOWN',
      message: 'Neither the file nor the caller names the currency; claims carry XXX.',
    });
  }
  return warnings;
}

function benchmarkWarnings(levels: readonly DatedPoint[]): ExtractionResult['warnings'] {
  const unreadable = levels.filter(
    (d) => d.nav.unreadable || (d.nav.value !== null && !(Number(d.nav.value) > 0)),
  ).length;
  return unreadable === 0
    ? []
    : [
        {
          code: 'NAV_BENCHMARK_UNREADABLE_VALUES',
          message: `${unreadable} benchmark levels are not positive numbers; those dates have no benchmark claim.`,
        },
      ];
}

export const navHistoryExtractor = {
  id: NAV_EXTRACTOR_ID,
  version: NAV_EXTRACTOR_VERSION,
  extract: extractNavHistory,
} as const;
