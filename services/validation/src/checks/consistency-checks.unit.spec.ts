import { claim, pinnedV1 } from '../../test/validation-test-support';
import type { ValidationClaim } from '../claims/validation-claim';
import type { SnapshotField } from '../fields/snapshot';
import { balanceSheetCheck } from './balance-sheet.check';
import { FundClaims } from './fund-claims';
import { holdingsSumCheck } from './holdings-sum.check';
import { netAssetChangeCheck } from './net-asset-change.check';
import { redemptionNoticeCheck } from './redemption-notice.check';
import { returnVsNavCheck } from './return-vs-nav.check';
import { shareClassTotalsCheck } from './share-class-totals.check';

const rules = pinnedV1().ruleset.document.checks;
const fund = (...claims: ValidationClaim[]) => new FundClaims(claims);
const holding = (subject: string, value: string, percent: string, doc = 'nport-1') => [
  claim('holding.value', value, { subject, doc }),
  claim('holding.pct_net_assets', percent, { subject, unit: 'percent', doc }),
];

describe('holdings sum (ruleset checks.holdings_sum)', () => {
  it('given holdings adding up to net assets, then it passes', () => {
    const outcome = holdingsSumCheck(
      fund(claim('fund.net_assets', '1000'), ...holding('a', '600', '60'), ...holding('b', '400', '40')),
      rules.holdings_sum,
    );
    expect(outcome.results).toMatchObject([
      { rule: 'holdings_sum', status: 'passed', measures: { percentSum: '100', valueSum: '1000' } },
    ]);
    expect(outcome.exceptions).toEqual([]);
  });

  it('given weights within 0.5 points of 100 %, then it passes; beyond, it is a contradiction with its evidence', () => {
    expect(holdingsSumCheck(fund(...holding('a', '0', '99.6')), rules.holdings_sum).results[0].status).toBe(
      'passed',
    );
    const outcome = holdingsSumCheck(
      fund(claim('fund.net_assets', '1000'), ...holding('a', '900', '90')),
      rules.holdings_sum,
    );
    expect(outcome.results[0]).toMatchObject({ status: 'failed' });
    expect(outcome.exceptions).toEqual([
      expect.objectContaining({
        kind: 'contradiction',
        policy: { severity: 'medium', blocking: true },
        subject: 'holdings_sum:nport-xml',
        evidenceClaimIds: outcome.results[0].evidenceClaimIds,
        deviationRatio: '20.0000',
      }),
    ]);
  });

  it('given N-PORT holdings 0.4 % short of net assets (other assets and liabilities), then it passes; 0.6 % short, it fails', () => {
    const within = fund(claim('fund.net_assets', '1000'), ...holding('a', '996', '99.6'));
    expect(holdingsSumCheck(within, rules.holdings_sum).results[0].status).toBe('passed');
    const beyond = fund(claim('fund.net_assets', '1000'), ...holding('a', '994', '99.6'));
    expect(holdingsSumCheck(beyond, rules.holdings_sum).results[0]).toMatchObject({
      status: 'failed',
      measures: { valueRelativeDeviation: '0.006' },
    });
  });

  it('given a leveraged fund whose holdings exceed net assets but not total assets, then it flags them for verification', () => {
    const outcome = holdingsSumCheck(
      fund(
        claim('fund.total_assets', '2000'),
        claim('fund.total_liabilities', '1000'),
        claim('fund.net_assets', '1000'),
        ...holding('a', '1500', '150'),
      ),
      rules.holdings_sum,
    );
    expect(outcome.results[0]).toMatchObject({ status: 'flagged', measures: { grossPercent: '200.0000' } });
    expect(outcome.exceptions).toEqual([
      expect.objectContaining({ kind: 'needs_verification', policy: { severity: 'low', blocking: false } }),
    ]);
  });

  it('given a leveraged fund whose holdings exceed even total assets, then it is a contradiction', () => {
    const outcome = holdingsSumCheck(
      fund(
        claim('fund.total_assets', '2000'),
        claim('fund.total_liabilities', '1000'),
        claim('fund.net_assets', '1000'),
        ...holding('a', '2500', '250'),
      ),
      rules.holdings_sum,
    );
    expect(outcome.results[0].status).toBe('failed');
    expect(outcome.exceptions[0].kind).toBe('contradiction');
  });

  it('given holdings but no net assets in their currency, then it does not apply; disabled, it says nothing', () => {
    expect(
      holdingsSumCheck(
        fund(
          claim('fund.net_assets', '1000', { unit: 'EUR' }),
          claim('holding.value', '1000', { subject: 'a' }),
        ),
        rules.holdings_sum,
      ).results[0].status,
    ).toBe('not_applicable');
    expect(
      holdingsSumCheck(fund(...holding('a', '1', '1')), { ...rules.holdings_sum, enabled: false }),
    ).toEqual({ results: [], exceptions: [] });
  });

  it('checks each document against its own net assets', () => {
    const outcome = holdingsSumCheck(
      fund(
        claim('fund.net_assets', '100', { doc: 'x' }),
        ...holding('a', '100', '100', 'x'),
        claim('fund.net_assets', '100', { doc: 'y' }),
        ...holding('a', '50', '50', 'y'),
      ),
      rules.holdings_sum,
    );
    expect(outcome.results.map((result) => result.status).sort()).toEqual(['failed', 'passed']);
  });
});

describe('balance sheet (ruleset checks.balance_sheet)', () => {
  it('given net assets = total assets − liabilities, then it passes', () => {
    const outcome = balanceSheetCheck(
      fund(
        claim('fund.total_assets', '22866256845.22'),
        claim('fund.total_liabilities', '12758148873.03'),
        claim('fund.net_assets', '10108107972.19'),
      ),
      rules.balance_sheet,
    );
    expect(outcome.results).toMatchObject([
      { status: 'passed', measures: { expected: '10108107972.19', relativeDeviation: '0' } },
    ]);
  });

  it('given a gap beyond 0.01 %, then it is a high-severity contradiction', () => {
    const outcome = balanceSheetCheck(
      fund(
        claim('fund.total_assets', '2000'),
        claim('fund.total_liabilities', '1000'),
        claim('fund.net_assets', '1010'),
      ),
      rules.balance_sheet,
    );
    expect(outcome.results[0]).toMatchObject({ status: 'failed', measures: { relativeDeviation: '0.01' } });
    expect(outcome.exceptions[0]).toMatchObject({
      kind: 'contradiction',
      policy: { severity: 'high', blocking: true },
      deviationRatio: '100.0000',
    });
  });

  it('given amounts in different currencies, then it does not apply', () => {
    const outcome = balanceSheetCheck(
      fund(
        claim('fund.total_assets', '2000'),
        claim('fund.total_liabilities', '1000', { unit: 'EUR' }),
        claim('fund.net_assets', '1000'),
      ),
      rules.balance_sheet,
    );
    expect(outcome.results[0].status).toBe('not_applicable');
  });
});

describe('monthly return vs NAV per share (ruleset checks.return_vs_nav)', () => {
  const nav = (value: string, asOf: string) =>
    claim('nav.per_share', value, { shareClass: 'A', asOf, unit: 'USD' });
  const monthly = (value: string) =>
    claim('share_class.monthly_return', value, { shareClass: 'A', asOf: '2024-06-30', unit: 'percent' });

  it('given NAVs at both month ends (the start on the last business day), then a matching return passes', () => {
    const outcome = returnVsNavCheck(
      fund(nav('10.00', '2024-05-31'), nav('10.10', '2024-06-28'), monthly('1.00')),
      rules.return_vs_nav,
    );
    expect(outcome.results).toMatchObject([
      {
        checkId: 'return_vs_nav:A:2024-06-30',
        status: 'passed',
        measures: { impliedPercent: '1', deviationPoints: '0' },
      },
    ]);
  });

  it('given a return 0.2 points off the NAV change, then it is a contradiction', () => {
    const outcome = returnVsNavCheck(
      fund(nav('10.00', '2024-05-31'), nav('10.10', '2024-06-30'), monthly('1.20')),
      rules.return_vs_nav,
    );
    expect(outcome.results[0].status).toBe('failed');
    expect(outcome.exceptions[0]).toMatchObject({
      kind: 'contradiction',
      subject: 'return_vs_nav:A',
      deviationRatio: '4.0000',
    });
  });

  it('takes the start NAV from the last approved snapshot', () => {
    const prior: SnapshotField[] = [
      {
        key: 'nav.per_share@A',
        metric: 'nav.per_share',
        shareClass: 'A',
        value: '10.00',
        unit: 'USD',
        asOf: '2024-05-31',
        claimIds: ['old'],
      },
    ];
    const outcome = returnVsNavCheck(
      fund(nav('10.10', '2024-06-30'), monthly('1.00')),
      rules.return_vs_nav,
      prior,
    );
    expect(outcome.results[0]).toMatchObject({
      status: 'passed',
      evidenceClaimIds: expect.arrayContaining(['old']),
    });
  });

  it('given no NAV a week before month end, then it does not apply', () => {
    const outcome = returnVsNavCheck(
      fund(nav('10.00', '2024-05-24'), nav('10.10', '2024-06-30'), monthly('1.00')),
      rules.return_vs_nav,
    );
    expect(outcome.results).toMatchObject([{ status: 'not_applicable' }]);
  });
});

describe('net asset change vs flows and performance (ruleset checks.net_asset_change)', () => {
  const prior: SnapshotField[] = [
    {
      key: 'fund.net_assets',
      metric: 'fund.net_assets',
      value: '1000',
      unit: 'USD',
      asOf: '2024-05-31',
      claimIds: ['prior-na'],
    },
  ];
  const june = (netAssets: string) => [
    claim('fund.net_assets', netAssets),
    claim('fund.flow.sales', '100'),
    claim('fund.flow.reinvestment', '10'),
    claim('fund.flow.redemption', '-60'),
    claim('share_class.monthly_return', '2', { shareClass: 'A', unit: 'percent' }),
    claim('share_class.monthly_return', '4', { shareClass: 'B', unit: 'percent' }),
  ];

  it('given end = start × (1 + mean return) + sales + reinvestment − redemptions, then it passes', () => {
    // 1000 × 1.03 + 100 + 10 − 60 = 1080
    const outcome = netAssetChangeCheck(fund(...june('1080')), rules.net_asset_change, prior);
    expect(outcome.results).toMatchObject([
      { status: 'passed', measures: { expected: '1080', netFlows: '50' } },
    ]);
  });

  it('given net assets 5 % away from what flows and performance explain, then it is a contradiction', () => {
    const outcome = netAssetChangeCheck(fund(...june('1134')), rules.net_asset_change, prior);
    expect(outcome.results[0].status).toBe('failed');
    expect(outcome.exceptions[0]).toMatchObject({ kind: 'contradiction', subject: 'net_asset_change' });
  });

  it('given no prior snapshot (a baseline), then it says nothing; given a month without returns, it does not apply', () => {
    expect(netAssetChangeCheck(fund(...june('1080')), rules.net_asset_change).results).toEqual([]);
    const earlier: SnapshotField[] = [{ ...prior[0], asOf: '2024-04-30' }];
    expect(
      netAssetChangeCheck(fund(...june('1080')), rules.net_asset_change, earlier).results[0].status,
    ).toBe('not_applicable');
  });
});

describe('share-class figures vs fund totals (ruleset checks.share_class_totals)', () => {
  const classNav = (shareClass: string, value: string) =>
    claim('share_class.net_assets', value, { shareClass });

  it('given every share class, then they add up to the fund total', () => {
    const outcome = shareClassTotalsCheck(
      fund(claim('fund.net_assets', '1000'), classNav('A', '600'), classNav('B', '400')),
      rules.share_class_totals,
    );
    expect(outcome.results).toMatchObject([
      { status: 'passed', measures: { classSum: '1000', classes: '2' } },
    ]);
  });

  it('given every share class adding up to more, then it is a contradiction', () => {
    const outcome = shareClassTotalsCheck(
      fund(claim('fund.net_assets', '1000'), classNav('A', '600'), classNav('B', '450')),
      rules.share_class_totals,
    );
    expect(outcome.exceptions).toMatchObject([{ kind: 'contradiction', subject: 'share_class_totals' }]);
  });

  it('given some share classes, then they must stay within the total', () => {
    const partial = (b: string) =>
      fund(
        claim('fund.net_assets', '1000'),
        classNav('A', b),
        claim('share_class.monthly_return', '1', { shareClass: 'C', unit: 'percent' }),
      );
    expect(shareClassTotalsCheck(partial('600'), rules.share_class_totals).results[0].status).toBe('passed');
    expect(shareClassTotalsCheck(partial('1200'), rules.share_class_totals).results[0].status).toBe('failed');
  });
});

describe('redemption frequency vs notice period (ruleset checks.redemption_notice)', () => {
  const terms = (frequency: string, days: string) => [
    claim('liquidity.dealing_frequency', frequency, { unit: 'text' }),
    claim('liquidity.notice_period_days', days, { unit: 'count' }),
  ];

  it('given daily dealing with 3 days notice, then it passes', () => {
    expect(
      redemptionNoticeCheck(fund(...terms('Daily', '3')), rules.redemption_notice).results,
    ).toMatchObject([{ status: 'passed' }]);
  });

  it('given daily dealing with 90 days notice, then it is a high-severity contradiction', () => {
    const outcome = redemptionNoticeCheck(fund(...terms('daily', '90')), rules.redemption_notice);
    expect(outcome.results[0]).toMatchObject({
      status: 'failed',
      measures: { noticeDays: '90', maxNoticeDays: '5' },
    });
    expect(outcome.exceptions).toMatchObject([
      { kind: 'contradiction', policy: { severity: 'high', blocking: true }, deviationRatio: '18.0000' },
    ]);
  });

  it('given a frequency the ruleset does not know, then it does not apply', () => {
    expect(
      redemptionNoticeCheck(fund(...terms('on demand', '1')), rules.redemption_notice).results[0].status,
    ).toBe('not_applicable');
  });
});
