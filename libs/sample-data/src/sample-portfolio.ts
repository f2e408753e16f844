import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegisterPortfolioRequest, SetExpectedInventoryRequest } from '@fai/contracts';
import { addMonths } from './calendar';
import { factsheetDocument } from './documents/factsheet-pdf';
import { navHistoryDocument } from './documents/nav-history-csv';
import { nportDocument } from './documents/nport-xml';
import type { SampleDocument } from './documents/sample-document';
import { tptDocument } from './documents/tpt-xlsx';
import { SampleDataInvalidError } from './sample-data.errors';
import {
  buildPortfolioModel,
  SAMPLE_ARTEFACT_TYPES,
  type FundPeriod,
  type SampleArtefactType,
  type SampleFund,
  type SamplePortfolioModel,
  type SampleScenarios,
} from './portfolio-model';

export interface SamplePortfolioOptions {
  /** How many funds (1 or more). */
  funds: number;
  /** Any text; the same seed gives the same bytes. */
  seed?: string;
  /** `YYYY-MM` periods (consecutive, oldest first), or how many months ending with `lastPeriod`. */
  periods?: string[] | number;
  lastPeriod?: string;
  portfolioId?: string;
  tenantId?: string;
  /** Leave factsheets out (e.g. where the `fai-sample-factsheet` layout rules are not installed). */
  factsheets?: boolean;
}

type WithoutEnvelope<T> = Omit<T, 'commandId' | 'actor' | 'reason'>;

/** Everything needed to register the portfolio with the scheduler and to know what should arrive. */
export interface SampleManifest {
  generator: { name: '@fai/sample-data'; seed: string; funds: number; periods: string[] };
  /** The body of the scheduler's RegisterPortfolio command (add commandId, actor and reason). */
  portfolio: WithoutEnvelope<RegisterPortfolioRequest>;
  /** The body of the scheduler's SetExpectedInventory command. */
  expectedInventory: WithoutEnvelope<SetExpectedInventoryRequest>;
  periods: Array<{
    period: string;
    reportDate: string;
    documents: Array<{
      fundId: string;
      artefactType: SampleArtefactType;
      /** Relative to the manifest's folder. */
      path: string;
      fileName: string;
      mediaType: string;
      sha256: string;
      size: number;
    }>;
    /** Expected artefacts deliberately not produced. */
    missing: Array<{ fundId: string; artefactType: SampleArtefactType }>;
  }>;
  scenarios: SampleScenarios;
}

export interface SamplePortfolio {
  manifest: SampleManifest;
  documents: SampleDocument[];
  model: SamplePortfolioModel;
}

export const DEFAULT_SEED = 'fai-sample';
export const DEFAULT_LAST_PERIOD = '2026-10';
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Generates a sample portfolio deterministically: for every fund and period an N-PORT (XML), a
 * NAV history (CSV), a TPT (XLSX) and a factsheet (PDF), plus the manifest to register it. The
 * last period carries a cross-source conflict (fund 2's factsheet net assets are 3 % off its
 * N-PORT) and a missing artefact (fund 3 sends no TPT).
 */
export async function generateSamplePortfolio(options: SamplePortfolioOptions): Promise<SamplePortfolio> {
  const periods = resolvePeriods(options);
  if (!Number.isInteger(options.funds) || options.funds < 1) {
    throw new SampleDataInvalidError(`funds must be a positive integer, got ${options.funds}`, {
      funds: options.funds,
    });
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const model = buildPortfolioModel({ funds: options.funds, seed, periods });
  const types = SAMPLE_ARTEFACT_TYPES.filter((type) => type !== 'factsheet' || options.factsheets !== false);
  const documents: SampleDocument[] = [];
  for (const fund of model.funds) {
    for (const period of fund.periods) {
      for (const type of types.filter((t) => period.artefactTypes.includes(t))) {
        documents.push(await renderDocument(type, fund, period));
      }
    }
  }
  return { manifest: manifestOf(model, documents, types, options), documents, model };
}

function renderDocument(
  type: SampleArtefactType,
  fund: SampleFund,
  period: FundPeriod,
): Promise<SampleDocument> | SampleDocument {
  switch (type) {
    case 'nport':
      return nportDocument(fund, period);
    case 'nav_history':
      return navHistoryDocument(fund, period);
    case 'findatex_tpt':
      return tptDocument(fund, period);
    case 'factsheet':
      return factsheetDocument(fund, period);
  }
}

function resolvePeriods({ periods = 2, lastPeriod = DEFAULT_LAST_PERIOD }: SamplePortfolioOptions): string[] {
  const list =
    typeof periods === 'number'
      ? Array.from({ length: periods }, (_, i) => addMonths(lastPeriod, i - periods + 1))
      : periods;
  const consecutive = list.every((period, i) => i === 0 || addMonths(list[i - 1], 1) === period);
  if (list.length === 0 || !list.every((period) => PERIOD.test(period)) || !consecutive) {
    throw new SampleDataInvalidError(
      `periods must be consecutive YYYY-MM months, oldest first, got ${JSON.stringify(list)}`,
      {
        periods: list,
      },
    );
  }
  return list;
}

/** Where a document sits below the output folder: `<period>/<fundId>/<file name>`. */
export const documentPath = (document: SampleDocument) =>
  `${document.period}/${document.fundId}/${document.fileName}`;

function manifestOf(
  model: SamplePortfolioModel,
  documents: SampleDocument[],
  types: readonly SampleArtefactType[],
  options: SamplePortfolioOptions,
): SampleManifest {
  const portfolioId = options.portfolioId ?? 'sample-portfolio';
  return {
    generator: {
      name: '@fai/sample-data',
      seed: model.seed,
      funds: model.funds.length,
      periods: model.periods,
    },
    portfolio: {
      portfolioId,
      tenantId: options.tenantId ?? 'tenant-sample',
      name: 'FAI Sample Portfolio',
      baseCurrency: 'USD',
      funds: model.funds.map((fund) => ({
        fundId: fund.fundId,
        name: fund.name,
        isins: [fund.isin],
        seriesId: fund.seriesId,
        lei: fund.lei,
        shareClasses: [{ shareClassId: fund.shareClassId, isin: fund.isin, currency: fund.currency }],
      })),
    },
    expectedInventory: {
      portfolioId,
      funds: model.funds.map((fund) => ({
        fundId: fund.fundId,
        artefacts: types.map((artefactType) => ({ artefactType, required: true })),
      })),
    },
    periods: model.periods.map((period) => ({
      period,
      reportDate: model.funds[0].periods.find((p) => p.period === period)!.reportDate,
      documents: documents
        .filter((document) => document.period === period)
        .map((document) => ({
          fundId: document.fundId,
          artefactType: document.artefactType,
          path: documentPath(document),
          fileName: document.fileName,
          mediaType: document.mediaType,
          sha256: createHash('sha256').update(document.content).digest('hex'),
          size: document.content.length,
        })),
      missing: model.funds.flatMap((fund) =>
        types
          .filter((type) => !fund.periods.find((p) => p.period === period)!.artefactTypes.includes(type))
          .map((artefactType) => ({ fundId: fund.fundId, artefactType })),
      ),
    })),
    // Without factsheets there is no second source of net assets to conflict with.
    scenarios: types.includes('factsheet')
      ? model.scenarios
      : { ...(model.scenarios.missingArtefact && { missingArtefact: model.scenarios.missingArtefact }) },
  };
}

/** Writes every document under `<folder>/<period>/<fundId>/` and the manifest as `<folder>/manifest.json`. */
/**
 * The manifest's expected inventory with one fund's artefact no longer required: what an operator sets
 * before a cycle in which that fund stops sending it (the `missingArtefact` scenario).
 */
export function expectedInventoryWithOptional(
  manifest: SampleManifest,
  optional?: { fundId: string; artefactType: string },
): SampleManifest['expectedInventory'] {
  const inventory = manifest.expectedInventory;
  return {
    ...inventory,
    funds: inventory.funds.map((fund) => ({
      ...fund,
      artefacts: fund.artefacts.map((artefact) =>
        fund.fundId === optional?.fundId && artefact.artefactType === optional.artefactType
          ? { ...artefact, required: false }
          : artefact,
      ),
    })),
  };
}

export function writeSamplePortfolio(folder: string, { manifest, documents }: SamplePortfolio): string {
  for (const document of documents) {
    const path = join(folder, documentPath(document));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, document.content);
  }
  const manifestPath = join(folder, 'manifest.json');
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifestPath;
}
