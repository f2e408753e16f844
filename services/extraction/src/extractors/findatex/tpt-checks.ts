import { Decimal as BaseDecimal } from 'decimal.js';
import type { Warning } from './findatex-claims';

// Sums must be exact: 100 significant digits hold any sum of TPT values (doubles of 17 digits) without rounding.
const Decimal = BaseDecimal.clone({ precision: 100 });
type Decimal = BaseDecimal;

/** Weights are rounded by producers; a sum within this distance of 1 is taken as 1. */
export const WEIGHT_SUM_TOLERANCE = new Decimal('0.0001');
/** Market values may differ from the NAV by rounding: by at most a millionth of it, or one cent. */
export const NAV_RELATIVE_TOLERANCE = new Decimal('0.000001');
export const NAV_ABSOLUTE_TOLERANCE = new Decimal('0.01');

export interface PortfolioTotals {
  positions: number;
  /** Σ field 26 over the positions that state it, exact. */
  weightSum: string | null;
  /** Σ field 24 over the positions that state it, exact. */
  marketValueSum: string | null;
  nav: string | null;
  currency: string | null;
}

export function sumDecimals(values: ReadonlyArray<string | null>): string | null {
  const stated = values.filter((v): v is string => v !== null);
  return stated.length === 0 ? null : stated.reduce((sum, v) => sum.plus(v), new Decimal(0)).toFixed();
}

/** Silent-failure checks on a look-through: they report a gap with its size and never correct anything. */
export function tptTotalsWarnings(totals: PortfolioTotals): Warning[] {
  return [...weightWarnings(totals), ...navWarnings(totals)];
}

function weightWarnings({ weightSum, positions }: PortfolioTotals): Warning[] {
  if (weightSum === null) return [];
  const gap = new Decimal(weightSum).minus(1);
  if (gap.abs().lte(WEIGHT_SUM_TOLERANCE)) return [];
  return [
    {
      code: 'TPT_WEIGHTS_DO_NOT_SUM_TO_ONE',
      message: `Field 26 (valuation weight) sums to ${weightSum} over ${positions} positions, ${signed(gap)} from 1 (tolerance ${WEIGHT_SUM_TOLERANCE.toFixed()}).`,
    },
  ];
}

function navWarnings({ marketValueSum, nav, currency, positions }: PortfolioTotals): Warning[] {
  if (marketValueSum === null || nav === null) return [];
  const difference = new Decimal(marketValueSum).minus(nav);
  const tolerance = Decimal.max(NAV_ABSOLUTE_TOLERANCE, new Decimal(nav).abs().times(NAV_RELATIVE_TOLERANCE));
  if (difference.abs().lte(tolerance)) return [];
  const unit = currency ?? '';
  const relative = new Decimal(nav).isZero()
    ? ''
    : ` (${difference.div(nav).times(100).toSignificantDigits(3).toFixed()} % of the NAV)`;
  return [
    {
      code: 'TPT_MARKET_VALUES_DIFFER_FROM_NAV',
      message: `Field 24 (market value) sums to ${marketValueSum} ${unit} over ${positions} positions; field 5 (NAV) states ${nav} ${unit}: a difference of ${signed(difference)} ${unit}${relative}.`,
    },
  ];
}

function signed(value: Decimal): string {
  return value.isNegative() ? value.toFixed() : `+${value.toFixed()}`;
}
