import Decimal from 'decimal.js';
import {
  generateSamplePortfolio,
  type ExpectedClaim,
  type SampleDocument,
  type SamplePortfolio,
} from '@fai/sample-data';
import { EXTRACTORS } from '../services/extraction/src/artefact-extraction/extractor-registry';
import type { Claim } from '../services/extraction/src/claims/claim';
import { createCellResolver } from '../services/extraction/src/claims/locators/cell-resolver';
import { createCsvResolver } from '../services/extraction/src/claims/locators/csv-resolver';
import { createPdfResolver } from '../services/extraction/src/claims/locators/pdf-resolver';
import { createXpathResolver } from '../services/extraction/src/claims/locators/xpath-resolver';
import { classifyArtefact } from '../services/ingest/src/classification/artefact.classifier';

/**
 * The sample documents go through the REAL ingest classifier and the REAL extractors, as the
 * services run them: each is recognised as the type it was generated as, for the right fund and
 * period, and its claims state exactly the values the generator put in. Lives at the repo root
 * because a lib may not import services.
 */

// Three funds: the second carries the cross-source conflict, the third misses its last TPT.
const FUNDS = 3;
let portfolio: SamplePortfolio;

beforeAll(async () => {
  portfolio = await generateSamplePortfolio({
    funds: FUNDS,
    seed: 'round-trip',
    periods: ['2026-09', '2026-10'],
  });
});

const extractorOf = (document: SampleDocument) => EXTRACTORS[document.artefactType];

const fundOf = (document: SampleDocument) =>
  portfolio.model.funds.find((fund) => fund.fundId === document.fundId)!;
const periodOf = (document: SampleDocument) =>
  fundOf(document).periods.find((p) => p.period === document.period)!;

/** Claims matching each expected claim, one claim per expectation (monthly returns share a key). */
function unmatched(expected: readonly ExpectedClaim[], claims: readonly Claim[]): ExpectedClaim[] {
  const remaining = [...claims];
  return expected.filter((wanted) => {
    const index = remaining.findIndex(
      (claim) =>
        claim.metric === wanted.metric &&
        claim.shareClass === wanted.shareClass &&
        claim.subject === wanted.subject &&
        claim.unit === wanted.unit &&
        claim.value === wanted.value,
    );
    if (index >= 0) remaining.splice(index, 1);
    return index < 0;
  });
}

const CLASSIFIED_AS: Record<SampleDocument['artefactType'], string> = {
  nport: 'nport',
  nav_history: 'nav-history',
  findatex_tpt: 'findatex-tpt',
  factsheet: 'factsheet',
};

describe('sample portfolio documents through the real classifier and extractors', () => {
  it('produces every artefact type for every fund and period, except the one deliberately missing', () => {
    const { documents, manifest } = portfolio;
    expect(documents).toHaveLength(FUNDS * 2 * 4 - 1);
    expect(manifest.scenarios.missingArtefact).toEqual({
      fundId: 'fund-0003',
      period: '2026-10',
      artefactType: 'findatex_tpt',
    });
    expect(
      documents.some(
        (d) => d.fundId === 'fund-0003' && d.period === '2026-10' && d.artefactType === 'findatex_tpt',
      ),
    ).toBe(false);
  });

  it('is classified by ingest as the type, fund and period it was generated for', async () => {
    for (const document of portfolio.documents) {
      const fund = fundOf(document);
      const period = periodOf(document);
      const classification = await classifyArtefact({
        fileName: document.fileName,
        content: document.content,
        declaredMediaType: document.mediaType,
      });
      expect({
        file: document.fileName,
        type: classification.documentType,
        mediaType: classification.mediaType,
      }).toEqual({
        file: document.fileName,
        type: CLASSIFIED_AS[document.artefactType],
        mediaType: document.mediaType,
      });
      if (document.artefactType === 'nport') {
        expect(classification.identifiers).toEqual({
          isin: [],
          seriesId: fund.seriesId,
          lei: fund.lei,
          cik: fund.registrant.cik,
        });
        expect(classification.period).toEqual({ end: period.reportDate });
      } else {
        expect(classification.identifiers).toEqual({ isin: [fund.isin] });
        expect(classification.period).toEqual({ end: period.valuationDate });
      }
    }
  });

  it.each(['nport', 'nav_history', 'findatex_tpt', 'factsheet'] as const)(
    'extracts from every %s exactly the values the generator wrote, with full coverage',
    async (type) => {
      const documents = portfolio.documents.filter((d) => d.artefactType === type);
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) {
        const result = await extractorOf(document).extract(document.content, {
          sha256: document.fileName,
          version: 1,
        });
        if (type === 'factsheet') expect(result.extractor.version).toBe('1.0.0+fai-sample-factsheet@2');
        if (type === 'findatex_tpt') {
          expect((result as { template?: { version: string } }).template?.version).toBe(
            fundOf(document).tptVersion,
          );
        }
        expect({ file: document.fileName, unmatched: unmatched(document.expected, result.claims) }).toEqual({
          file: document.fileName,
          unmatched: [],
        });
        expect({ file: document.fileName, missing: result.coverage.missing }).toEqual({
          file: document.fileName,
          missing: [],
        });
        // A CSV states no currency; every other sample document passes the extractors' silent-failure checks.
        const warnings = type === 'nav_history' ? ['NAV_CURRENCY_UNKNOWN'] : [];
        expect({ file: document.fileName, warnings: result.warnings.map((w) => w.code) }).toEqual({
          file: document.fileName,
          warnings,
        });
      }
    },
  );

  it("states net assets on the conflicting fund's factsheet 3 % away from its N-PORT, and agrees elsewhere", async () => {
    const conflict = portfolio.manifest.scenarios.crossSourceConflict!;
    expect(conflict).toMatchObject({ fundId: 'fund-0002', period: '2026-10', metric: 'fund.net_assets' });
    for (const fund of portfolio.model.funds) {
      for (const period of fund.periods) {
        const netAssets = async (type: 'nport' | 'factsheet') => {
          const document = portfolio.documents.find(
            (d) => d.fundId === fund.fundId && d.period === period.period && d.artefactType === type,
          )!;
          const result = await extractorOf(document).extract(document.content, {
            sha256: document.fileName,
            version: 1,
          });
          return result.claims.find((claim) => claim.metric === 'fund.net_assets')!.value!;
        };
        const [nport, factsheet] = [await netAssets('nport'), await netAssets('factsheet')];
        const conflicting = fund.fundId === conflict.fundId && period.period === conflict.period;
        expect({
          fund: fund.fundId,
          period: period.period,
          ratio: (Number(factsheet) / Number(nport)).toFixed(4),
        }).toEqual({
          fund: fund.fundId,
          period: period.period,
          ratio: conflicting ? '1.0300' : '1.0000',
        });
      }
    }
  });

  it('gives every claim evidence that resolves back to the text it was read from', async () => {
    // One fund's documents of each type: locators are built the same way for every fund.
    for (const document of portfolio.documents.filter((d) => d.fundId === 'fund-0002')) {
      const result = await extractorOf(document).extract(document.content, {
        sha256: document.fileName,
        version: 1,
      });
      const resolve = await resolverFor(document);
      const unresolved = result.claims.filter((claim) => {
        const resolved = resolve(claim);
        return claim.value === null || resolved === null || !sameValue(claim, resolved);
      });
      expect({ file: document.fileName, unresolved: unresolved.map((c) => c.evidence.locator) }).toEqual({
        file: document.fileName,
        unresolved: [],
      });
    }
  });
});

/** What the claim's locator points at in the document, read with extraction's own resolvers. */
async function resolverFor(document: SampleDocument): Promise<(claim: Claim) => string | null> {
  const pdf = document.artefactType === 'factsheet' ? await createPdfResolver(document.content) : undefined;
  const cell =
    document.artefactType === 'findatex_tpt' ? await createCellResolver(document.content) : undefined;
  const csv = document.artefactType === 'nav_history' ? createCsvResolver(document.content) : undefined;
  const xpath = document.artefactType === 'nport' ? createXpathResolver(document.content) : undefined;
  return ({ evidence: { locator } }) => {
    switch (locator.kind) {
      case 'pdf':
        return pdf!(locator);
      case 'cell':
        return cell!(locator);
      case 'csv':
        return csv!(locator);
      case 'xpath':
        return xpath!(locator.path);
      case 'json':
        return null;
    }
  };
}

/** Numbers compare as decimals (a cell holds a double, a PDF prints digit groups); anything else as text. */
function sameValue(claim: Claim, resolved: string): boolean {
  if (claim.evidence.locator.kind === 'pdf') {
    const { text, span } = claim.evidence.locator;
    return resolved.includes(span ? text.slice(...span) : text);
  }
  const number = /^-?\d+(\.\d+)?$/;
  if (number.test(claim.value!) && number.test(resolved)) return new Decimal(claim.value!).eq(resolved);
  return claim.value === resolved;
}
