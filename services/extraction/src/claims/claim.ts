/**
 * A claim is what one source says about one metric, normalised, with the exact place it says
 * it. Extractors produce claims; they never decide which source is right (validation does).
 */

/** Where in the artefact the value was read; resolving it must give the value back. */
export type Locator =
  | { kind: 'xpath'; path: string }
  | { kind: 'cell'; sheet: string; cell: string }
  | { kind: 'csv'; row: number; column: number }
  | { kind: 'json'; pointer: string }
  | {
      kind: 'pdf';
      page: number;
      /** PDF user-space box [x0, y0, x1, y1] of the text (or shape) the value came from. */
      box: [number, number, number, number];
      text: string;
      /** Character span of the value inside `text`. */
      span?: [number, number];
    };

export interface Evidence {
  artefactSha256: string;
  artefactVersion: number;
  locator: Locator;
}

/** Typed blank: a value the source does not give, and why. Never a guess. */
export interface TypedBlank {
  kind: 'missing' | 'not_yet_filed' | 'suppressed';
  reason: string;
}

/** Identifiers the document uses for the fund; the extraction service resolves them to a canonical fund id. */
export interface FundReference {
  isin?: string;
  seriesId?: string;
  lei?: string;
  cik?: string;
  name?: string;
}

export interface Claim {
  /** Deterministic: the same artefact, extractor version, metric, subject and locator give the same id. */
  claimId: string;
  fund: FundReference;
  shareClass?: string;
  /** Key from the controlled vocabulary (metric-vocabulary.ts). */
  metric: string;
  /** What the claim is about below the fund, e.g. a holding's identifier or a scenario name. */
  subject?: string;
  /** Decimal string for numbers, ISO date for dates, text for codes; null when `blank` says why. */
  value: string | null;
  blank?: TypedBlank;
  /** ISO 4217 currency, or 'percent' | 'ratio' | 'count' | 'date' | 'text' | 'years' | 'bps' | 'points' (index levels). */
  unit: string;
  /** The date the value is as of (YYYY-MM-DD). */
  asOf: string;
  evidence: Evidence;
  extractor: { id: string; version: string };
  /** 1.0 for structured sources; lower and explained for layout-based reading. */
  confidence: number;
  confidenceNote?: string;
}

/** What one extractor run produced, including how much of what it expected it found. */
export interface ExtractionResult {
  extractor: { id: string; version: string };
  documentType: string;
  claims: Claim[];
  /** Expected metrics found / expected, per the extractor's own expectation list. */
  coverage: { expected: number; found: number; missing: string[] };
  /** Silent-failure checks that did not hold (e.g. net assets reported but no holdings parsed). */
  warnings: Array<{ code: string; message: string }>;
}
