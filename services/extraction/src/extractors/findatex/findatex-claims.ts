import type { Claim, ExtractionResult, FundReference } from '../../claims/claim';
import { withClaimId } from '../../claims/claim-id';
import type { FindatexCell } from './findatex-table.reader';
import type { FindatexField, FindatexUnit, FindatexValueType } from './findatex-template';
import { readFindatexValue } from './findatex-values';

export interface ArtefactRef {
  sha256: string;
  version: number;
}

export type Warning = ExtractionResult['warnings'][number];

/** Everything a claim needs besides its field and cell. */
export interface ClaimScope {
  artefact: ArtefactRef;
  extractor: { id: string; version: string };
  fund: FundReference;
  shareClass?: string;
  subject?: string;
  asOf: string;
  /** The value another field states in the same scope (row, then portfolio): units, identifier types, dates. */
  valueOf: (code: string, valueType?: FindatexValueType) => string | undefined;
}

// ISO 4217 "no currency": a field's currency field is empty, and a currency is never guessed.
const UNKNOWN_CURRENCY = 'XXX';
// ISO 6166 is code 1 in every FinDatEx identifier-type list.
const ISIN_CODE_TYPE = '1';

interface FieldReading {
  claim?: Claim;
  warning?: Warning;
  /** The cell states a value (not a blank). */
  stated: boolean;
}

/**
 * One field of one row as a claim. An empty optional field gives no claim; an empty expected field
 * gives a typed blank; a value that cannot be read gives a blank and a warning, never a guess.
 */
function fieldClaim(field: FindatexField, cell: FindatexCell, scope: ClaimScope): FieldReading {
  const read = readFindatexValue(cell.raw, field.valueType);
  if (read.value === null && !field.expected && !read.unreadable) return { stated: false };
  const claim = withClaimId({
    fund: scope.fund,
    ...(scope.shareClass !== undefined && { shareClass: scope.shareClass }),
    metric: metricOf(field, scope),
    ...(scope.subject !== undefined && { subject: scope.subject }),
    value: read.value,
    ...(read.blank && { blank: read.blank }),
    unit: unitOf(field.unit, scope),
    asOf: (field.asOfField && scope.valueOf(field.asOfField, 'date')) || scope.asOf,
    evidence: {
      artefactSha256: scope.artefact.sha256,
      artefactVersion: scope.artefact.version,
      locator: cell.locator,
    },
    extractor: scope.extractor,
    confidence: 1,
  });
  const warning = read.unreadable
    ? {
        code: 'FINDATEX_UNREADABLE_VALUE',
        message: `Field ${field.code} (${claim.metric}) ${describe(scope)}: ${read.blank.reason}.`,
      }
    : undefined;
  return { claim, warning, stated: read.value !== null };
}

/** What a cell states, read as the given type; undefined for a blank or an absent cell. */
export function statedValue(
  cell: FindatexCell | undefined,
  valueType: FindatexValueType = 'code',
): string | undefined {
  return cell ? (readFindatexValue(cell.raw, valueType).value ?? undefined) : undefined;
}

function metricOf(field: FindatexField, scope: ClaimScope): string {
  if (!field.identifier) return field.metric;
  return scope.valueOf(field.identifier.typeField) === ISIN_CODE_TYPE
    ? field.identifier.isinMetric
    : field.metric;
}

function unitOf(unit: FindatexUnit, scope: ClaimScope): string {
  return typeof unit === 'string' ? unit : (scope.valueOf(unit.currencyField) ?? UNKNOWN_CURRENCY);
}

function describe(scope: ClaimScope): string {
  return [scope.shareClass, scope.subject].filter(Boolean).join(' / ') || 'of the portfolio';
}

/**
 * Collects a file's claims and warnings, and counts expected fields per field number across rows:
 * coverage for the result, and one silent-failure warning per expected field the file leaves empty.
 */
export class FieldClaims {
  readonly claims: Claim[] = [];
  private readonly readingWarnings: Warning[] = [];
  private readonly tally = new Map<string, { metric: string; expected: number; stated: number }>();

  /** Claims one field of one row; an absent cell counts as an empty one. */
  take(field: FindatexField, cell: FindatexCell | undefined, scope: ClaimScope): void {
    const reading: FieldReading = cell ? fieldClaim(field, cell, scope) : { stated: false };
    if (reading.claim) this.claims.push(reading.claim);
    if (reading.warning) this.readingWarnings.push(reading.warning);
    if (!field.expected) return;
    const entry = this.tally.get(field.code) ?? { metric: field.metric, expected: 0, stated: 0 };
    entry.expected += 1;
    if (reading.stated) entry.stated += 1;
    this.tally.set(field.code, entry);
  }

  coverage(): ExtractionResult['coverage'] {
    const entries = [...this.tally.values()];
    return {
      expected: entries.reduce((sum, e) => sum + e.expected, 0),
      found: entries.reduce((sum, e) => sum + e.stated, 0),
      missing: [...new Set(entries.filter((e) => e.stated < e.expected).map((e) => e.metric))],
    };
  }

  /** Values that could not be read, then expected fields left empty, counted in `unitName` (rows, share classes). */
  warnings(unitName: string): Warning[] {
    const empty = [...this.tally.entries()]
      .filter(([, e]) => e.stated < e.expected)
      .map(([code, e]) => ({
        code: 'FINDATEX_EXPECTED_FIELD_EMPTY',
        message: `Field ${code} (${e.metric}) is empty in ${e.expected - e.stated} of ${e.expected} ${unitName}.`,
      }));
    return [...this.readingWarnings, ...empty];
  }
}
