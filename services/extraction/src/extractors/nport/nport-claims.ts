import type { Claim, FundReference } from '../../claims/claim';
import { withClaimId } from '../../claims/claim-id';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import type { NportMetricKey } from '../../claims/metric-vocabulary';
import { EXPECTED_METRICS, FILING_ELEMENTS, REPORT_DATE } from './nport-fields';
import {
  NPORT_EXTRACTOR_ID,
  type HoldingReadings,
  type NportDocument,
  type NportReading,
} from './nport-reader';
import { readNportValue, reportingMonthEnds, type SourceValue } from './nport-values';

export const NPORT_EXTRACTOR_VERSION = '1.0.0';

export interface ArtefactRef {
  sha256: string;
  version: number;
}

/** Claims of one filing, plus what the completeness checks need. */
export interface NportClaims {
  claims: Claim[];
  reportDate: string;
  submissionType: string | null;
  isFinalFiling: boolean;
  netAssets: string | null;
  holdingsWithValue: number;
  percentages: string[];
  unreadableValues: number;
}

interface ClaimContext {
  artefact: ArtefactRef;
  fund: FundReference;
  reportDate: string;
  monthEnds: [string, string, string];
}

type ReadValue = SourceValue & { reading: NportReading };

export function buildNportClaims(document: NportDocument, artefact: ArtefactRef): NportClaims {
  const filing = document.filing.map(read);
  const reportDate = firstValue(filing, 'filing.report_date');
  if (reportDate === null) {
    throw new ExtractionFailedError(
      'EXTRACTION_UNSUPPORTED_LAYOUT',
      'The filing states no readable report date (genInfo/repPdDate); claims cannot be dated.',
      'Check that the artefact is a complete N-PORT primary document.',
      { extractorId: NPORT_EXTRACTOR_ID, xpath: `/${REPORT_DATE}` },
    );
  }
  const context: ClaimContext = {
    artefact,
    fund: fundReference(filing),
    reportDate,
    monthEnds: reportingMonthEnds(reportDate),
  };
  const holdings = document.holdings.map((holding) => ({ holding, values: holding.readings.map(read) }));
  const subjects = holdingSubjects(holdings.map(({ holding, values }) => baseSubject(holding, values)));

  const claims = [
    ...filing.map((value) => toClaim(context, value)),
    ...absentFilingClaims(context, filing),
    ...holdings.flatMap(({ values }, index) => holdingClaims(context, values, subjects[index])),
  ];
  const everyValue = [...filing, ...holdings.flatMap(({ values }) => values)];
  return {
    claims,
    reportDate,
    submissionType: firstValue(filing, 'filing.submission_type'),
    isFinalFiling: firstValue(filing, 'filing.final_filing') === 'Y',
    netAssets: firstValue(filing, 'fund.net_assets'),
    holdingsWithValue: holdings.filter(({ values }) => firstValue(values, 'holding.value') !== null).length,
    percentages: holdings.flatMap(({ values }) => firstValue(values, 'holding.pct_net_assets') ?? []),
    unreadableValues: everyValue.filter((value) => value.unreadable).length,
  };
}

function read(reading: NportReading): ReadValue {
  return { ...readNportValue(reading.raw, reading.rule.kind), reading };
}

function firstValue(values: ReadValue[], metric: NportMetricKey): string | null {
  return values.find((v) => v.reading.rule.metric === metric && v.value !== null)?.value ?? null;
}

function fundReference(filing: ReadValue[]): FundReference {
  const fund: FundReference = {};
  const seriesId = firstValue(filing, 'fund.series_id');
  const lei = firstValue(filing, 'fund.lei');
  const cik = firstValue(filing, 'fund.registrant_cik');
  // A UIT files seriesName "N/A": the registrant's name is then the fund's name.
  const name = firstValue(filing, 'fund.name') ?? firstValue(filing, 'fund.registrant_name');
  if (seriesId) fund.seriesId = seriesId;
  if (lei) fund.lei = lei;
  if (cik) fund.cik = cik;
  if (name) fund.name = name;
  return fund;
}

function toClaim(
  context: ClaimContext,
  value: ReadValue,
  holding?: { subject: string; unit: string },
): Claim {
  const { reading } = value;
  const asOf = reading.month ? context.monthEnds[reading.month - 1] : context.reportDate;
  const unit = holding && reading.rule.unit === 'balance' ? holding.unit : reading.rule.unit;
  return withClaimId({
    fund: context.fund,
    ...(reading.shareClass ? { shareClass: reading.shareClass } : {}),
    metric: reading.rule.metric,
    ...(holding ? { subject: holding.subject } : {}),
    value: value.value,
    ...(value.blank ? { blank: value.blank } : {}),
    unit,
    asOf,
    evidence: {
      artefactSha256: context.artefact.sha256,
      artefactVersion: context.artefact.version,
      locator: { kind: 'xpath', path: reading.path },
    },
    extractor: { id: NPORT_EXTRACTOR_ID, version: NPORT_EXTRACTOR_VERSION },
    confidence: 1,
  });
}

/**
 * An expected fund-level element the filing leaves out is claimed as a typed blank at the place
 * the schema puts it, so "the filing does not say" is evidence too (e.g. a UIT has no seriesId).
 */
function absentFilingClaims(context: ClaimContext, filing: ReadValue[]): Claim[] {
  const stated = new Set(filing.map((v) => v.reading.rule.metric));
  return [...FILING_ELEMENTS]
    .filter(([, rule]) => EXPECTED_METRICS.includes(rule.metric) && !stated.has(rule.metric))
    .map(([path, rule]) =>
      toClaim(context, {
        value: null,
        blank: { kind: 'missing', reason: 'the filing does not contain this element' },
        unreadable: false,
        reading: { rule, raw: '', path: `/${path}` },
      }),
    );
}

function holdingClaims(context: ClaimContext, values: ReadValue[], subject: string): Claim[] {
  const unit = balanceUnit(values);
  return values.map((value) => toClaim(context, value, { subject, unit }));
}

/** Principal amounts are money in the holding's currency; shares, contracts and other units are counts. */
function balanceUnit(values: ReadValue[]): string {
  const units = firstValue(values, 'holding.balance_units');
  if (units !== 'PA') return 'count';
  return firstValue(values, 'holding.currency') ?? 'principal';
}

/**
 * A holding's key prefers identifiers that survive from one filing to the next (ISIN, CUSIP,
 * ticker), then the security's title; `000000000` is EDGAR's "no CUSIP".
 */
function baseSubject(holding: HoldingReadings, values: ReadValue[]): string {
  const isin = firstValue(values, 'holding.isin');
  const cusip = firstValue(values, 'holding.cusip');
  const ticker = firstValue(values, 'holding.ticker');
  const title = firstValue(values, 'holding.title') ?? firstValue(values, 'holding.issuer_name');
  if (isin) return `isin:${isin}`;
  if (cusip && !/^0+$/.test(cusip)) return `cusip:${cusip}`;
  if (ticker) return `ticker:${ticker}`;
  if (title) return `title:${title}`;
  return `position:${holding.position}`;
}

/** Holdings sharing a key (two lots of one bond, several swaps on one index) are numbered in filing order. */
function holdingSubjects(keys: string[]): string[] {
  const total = new Map<string, number>();
  for (const key of keys) total.set(key, (total.get(key) ?? 0) + 1);
  const seen = new Map<string, number>();
  return keys.map((key) => {
    if (total.get(key) === 1) return key;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${key}#${occurrence}`;
  });
}
