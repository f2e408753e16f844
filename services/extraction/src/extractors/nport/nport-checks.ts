import Decimal from 'decimal.js';
import type { ExtractionResult } from '../../claims/claim';

type Warning = ExtractionResult['warnings'][number];

/** What the silent-failure checks need to know about a filing once it has been read. */
export interface NportCompleteness {
  netAssets: string | null;
  /** `invstOrSec` elements in the filing. */
  holdingElements: number;
  /** Holdings that gave a value (`valUSD`) claim. */
  holdingsWithValue: number;
  /** Readable `pctVal` values, percent of net assets. */
  percentages: string[];
  /** Values that were neither readable nor a typed blank (N/A, mask, empty). */
  unreadableValues: number;
}

/** Leveraged and trimmed filings legitimately differ from 100 %: the check warns, it never fails. */
const PCT_TOLERANCE = new Decimal(5);

export function completenessWarnings(filing: NportCompleteness): Warning[] {
  const warnings: Warning[] = [];
  const netAssets = filing.netAssets === null ? null : new Decimal(filing.netAssets);
  if (netAssets?.gt(0) && filing.holdingElements > 0 && filing.holdingsWithValue === 0) {
    warnings.push({
      code: 'NPORT_HOLDINGS_NOT_PARSED',
      message: `Net assets are ${filing.netAssets} USD and the filing has ${filing.holdingElements} invstOrSec elements, but no holding value was read.`,
    });
  } else if (filing.holdingsWithValue < filing.holdingElements) {
    warnings.push({
      code: 'NPORT_HOLDING_COUNT_MISMATCH',
      message: `${filing.holdingElements - filing.holdingsWithValue} of ${filing.holdingElements} invstOrSec elements gave no value (valUSD).`,
    });
  }
  if (filing.percentages.length > 0) {
    const total = filing.percentages.reduce((sum, pct) => sum.plus(pct), new Decimal(0));
    if (total.minus(100).abs().gt(PCT_TOLERANCE)) {
      warnings.push({
        code: 'NPORT_PCT_SUM_OFF',
        message: `Holdings add up to ${total.toFixed(2)} % of net assets (expected about 100 %); normal for leveraged funds, a sign of missing holdings otherwise.`,
      });
    }
  }
  if (filing.unreadableValues > 0) {
    warnings.push({
      code: 'NPORT_UNREADABLE_VALUES',
      message: `${filing.unreadableValues} values could not be read as the number or date their field requires; they are claimed as blanks.`,
    });
  }
  return warnings;
}
