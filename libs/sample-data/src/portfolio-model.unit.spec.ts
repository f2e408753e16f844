import { buildPortfolioModel } from './portfolio-model';

describe('buildPortfolioModel', () => {
  // Enough funds for names to repeat (10 families × 12 themes): repeats must be told apart by their edition.
  const model = buildPortfolioModel({ funds: 60, seed: 'many', periods: ['2026-10'] });

  it('gives every fund its own name and identifiers', () => {
    for (const key of ['name', 'isin', 'seriesId', 'lei', 'classId'] as const) {
      expect(new Set(model.funds.map((fund) => fund[key])).size).toBe(model.funds.length);
    }
    expect(model.funds.some((fund) => / II$/.test(fund.name))).toBe(true);
  });

  it('names a fund the same whatever the fund count', () => {
    const fewer = buildPortfolioModel({ funds: 30, seed: 'many', periods: ['2026-10'] });
    expect(fewer.funds.map((fund) => fund.name)).toEqual(model.funds.slice(0, 30).map((fund) => fund.name));
  });
});
