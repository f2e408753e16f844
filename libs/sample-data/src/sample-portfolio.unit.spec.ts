import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { ContractRegistry, registerPortfolioV1, setExpectedInventoryV1 } from '@fai/contracts';
import { isWeekday } from './calendar';
import { SampleDataInvalidError } from './sample-data.errors';
import {
  expectedInventoryWithOptional,
  generateSamplePortfolio,
  writeSamplePortfolio,
  type SamplePortfolio,
} from './sample-portfolio';

const sum = (values: readonly string[]) => values.reduce((total, v) => total.plus(v), new Decimal(0));

describe('generateSamplePortfolio', () => {
  let portfolio: SamplePortfolio;
  beforeAll(async () => {
    portfolio = await generateSamplePortfolio({ funds: 4, seed: 'unit', periods: ['2026-09', '2026-10'] });
  });

  it('gives the same bytes and manifest for the same seed, never asking Math.random', async () => {
    const random = jest.spyOn(Math, 'random');
    const again = await generateSamplePortfolio({ funds: 4, seed: 'unit', periods: ['2026-09', '2026-10'] });
    expect(random).not.toHaveBeenCalled();
    random.mockRestore();
    expect(again.manifest).toEqual(portfolio.manifest);
    expect(again.documents.map((d) => d.content)).toEqual(portfolio.documents.map((d) => d.content));
  });

  it('makes only the missing scenario’s artefact optional in the expected inventory', () => {
    const missing = portfolio.manifest.scenarios.missingArtefact!;
    const required = (inventory: SamplePortfolio['manifest']['expectedInventory']) =>
      inventory.funds
        .flatMap((fund) =>
          fund.artefacts.filter((a) => !a.required).map((a) => `${fund.fundId}/${a.artefactType}`),
        )
        .sort();
    expect(required(expectedInventoryWithOptional(portfolio.manifest))).toEqual(
      required(portfolio.manifest.expectedInventory),
    );
    expect(required(expectedInventoryWithOptional(portfolio.manifest, missing))).toEqual(
      [...required(portfolio.manifest.expectedInventory), `${missing.fundId}/${missing.artefactType}`].sort(),
    );
  });

  it('gives other funds for another seed, and the same first funds whatever the fund count', async () => {
    const other = await generateSamplePortfolio({ funds: 1, seed: 'other', periods: ['2026-09', '2026-10'] });
    expect(other.model.funds[0].isin).not.toBe(portfolio.model.funds[0].isin);
    const fewer = await generateSamplePortfolio({ funds: 1, seed: 'unit', periods: ['2026-09', '2026-10'] });
    expect(fewer.model.funds[0]).toEqual(portfolio.model.funds[0]);
  });

  it('writes a manifest whose portfolio and inventory are valid scheduler commands once enveloped', () => {
    const registry = new ContractRegistry([registerPortfolioV1, setExpectedInventoryV1]);
    const envelope = {
      commandId: '3f1c9a52-8d4e-4b7a-9c1e-2a6f5b8d7e90',
      actor: 'demo',
      reason: 'Sample portfolio',
    };
    const { portfolio: body, expectedInventory } = portfolio.manifest;
    expect(() => registry.validateRequest('RegisterPortfolio', 1, { ...envelope, ...body })).not.toThrow();
    expect(() =>
      registry.validateRequest('SetExpectedInventory', 1, { ...envelope, ...expectedInventory }),
    ).not.toThrow();
    expect(expectedInventory.funds[0].artefacts.map((a) => a.artefactType)).toEqual([
      'nport',
      'findatex_tpt',
      'nav_history',
      'factsheet',
    ]);
    expect(portfolio.manifest.periods.map((p) => p.documents.length)).toEqual([16, 15]);
    expect(portfolio.manifest.periods[1].missing).toEqual([
      { fundId: 'fund-0003', artefactType: 'findatex_tpt' },
    ]);
  });

  it('writes each document where the manifest says, with the hash it records', () => {
    const folder = mkdtempSync(join(tmpdir(), 'fai-sample-'));
    try {
      const manifestPath = writeSamplePortfolio(folder, portfolio);
      const written = JSON.parse(readFileSync(manifestPath, 'utf8')) as SamplePortfolio['manifest'];
      expect(written).toEqual(portfolio.manifest);
      const listed = written.periods.flatMap((period) => period.documents);
      expect(listed).toHaveLength(portfolio.documents.length);
      for (const document of listed) {
        const bytes = readFileSync(join(folder, document.path));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
        expect(bytes.length).toBe(document.size);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('balances every period: holdings and cash make net assets, assets less liabilities too, holdings near 100 %', () => {
    for (const fund of portfolio.model.funds) {
      for (const period of fund.periods) {
        const values = period.holdings.map((h) => h.value);
        expect(sum(values).plus(period.cash).toFixed(2)).toBe(period.netAssets);
        expect(new Decimal(period.totalAssets).minus(period.totalLiabilities).toFixed(2)).toBe(
          period.netAssets,
        );
        // The validation ruleset tolerates half a percentage point around 100 %.
        expect(
          sum(period.holdings.map((h) => h.pct))
            .minus(100)
            .abs()
            .toNumber(),
        ).toBeLessThan(0.5);
        expect(
          sum([...period.holdings.map((h) => h.weight), period.cashWeight])
            .minus(1)
            .abs()
            .toNumber(),
        ).toBeLessThan(1e-9);
      }
    }
  });

  it('moves figures and holdings from one period to the next, so deltas appear', () => {
    for (const fund of portfolio.model.funds) {
      const [first, second] = fund.periods;
      expect(second.netAssets).not.toBe(first.netAssets);
      const before = new Set(first.holdings.map((h) => h.security.isin));
      const after = new Set(second.holdings.map((h) => h.security.isin));
      expect([...before].filter((isin) => !after.has(isin))).toHaveLength(1);
      expect([...after].filter((isin) => !before.has(isin))).toHaveLength(1);
      // The N-PORT's first two months of the later period are the earlier period's last two.
      expect(second.monthlyReturns.slice(0, 2)).toEqual(first.monthlyReturns.slice(1));
      expect(second.flows.slice(0, 2)).toEqual(first.flows.slice(1));
    }
  });

  it('keeps more than three years of weekday NAVs with a benchmark, ending on the valuation date', () => {
    for (const fund of portfolio.model.funds) {
      const { navHistory, periods } = fund;
      expect(navHistory[0].date <= '2023-09-01').toBe(true);
      expect(navHistory.at(-1)!.date).toBe(periods.at(-1)!.valuationDate);
      expect(
        navHistory.every(
          (point) =>
            isWeekday(point.date) && /^\d+\.\d{4}$/.test(point.nav) && /^\d+\.\d{2}$/.test(point.benchmark),
        ),
      ).toBe(true);
      for (const period of periods) {
        expect(navHistory.find((point) => point.date === period.valuationDate)!.nav).toBe(period.navPerShare);
      }
    }
  });

  it('puts the conflict and the missing artefact in the last period only', () => {
    const { scenarios, funds } = portfolio.model;
    const conflicted = funds[1].periods;
    expect(scenarios.crossSourceConflict).toEqual({
      fundId: 'fund-0002',
      period: '2026-10',
      metric: 'fund.net_assets',
      nport: conflicted[1].netAssets,
      factsheet: new Decimal(conflicted[1].netAssets).times('1.03').toFixed(2),
    });
    expect(conflicted[0].factsheetNetAssets).toBe(conflicted[0].netAssets);
    expect(funds[2].periods.map((p) => p.artefactTypes.includes('findatex_tpt'))).toEqual([true, false]);
  });

  it('leaves factsheets (and the conflict they carry) out when asked', async () => {
    const without = await generateSamplePortfolio({ funds: 3, seed: 'unit', periods: 1, factsheets: false });
    expect(without.documents.some((d) => d.artefactType === 'factsheet')).toBe(false);
    expect(without.manifest.scenarios).toEqual({
      missingArtefact: { fundId: 'fund-0003', period: '2026-10', artefactType: 'findatex_tpt' },
    });
    expect(without.manifest.generator.periods).toEqual(['2026-10']);
  });

  it.each([
    [{ funds: 0 }],
    [{ funds: 2, periods: ['2026-09', '2026-11'] }],
    [{ funds: 2, periods: ['2026-13'] }],
    [{ funds: 2, periods: 0 }],
  ])('refuses options it cannot generate: %j', async (options) => {
    await expect(generateSamplePortfolio(options)).rejects.toThrow(SampleDataInvalidError);
    await expect(generateSamplePortfolio(options)).rejects.toMatchObject({
      code: 'SAMPLE_DATA_OPTIONS_INVALID',
    });
  });
});
