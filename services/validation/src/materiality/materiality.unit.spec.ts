import { claim, pinnedV1, withMateriality } from '../../test/validation-test-support';
import type { ExceptionCandidate } from '../checks/check-result';
import type { UnscoredDelta } from '../deltas/delta';
import { Dec } from '../shared/decimal';
import { decideAlert } from './alert-decision';
import { rankExceptionQueue } from './exception-queue';
import {
  deltaMagnitude,
  deltaSeverity,
  evidenceConfidence,
  exceptionMagnitude,
  persistenceScore,
  score,
  type Materiality,
} from './materiality-score';

const policies = pinnedV1();
const policy = policies.materiality.document;
const sources = policies.sourcePolicy.document;
const delta = (overrides: Partial<UnscoredDelta>): UnscoredDelta => ({
  deltaId: 'delta-1',
  fieldKey: 'costs.ongoing_charges@A',
  metric: 'costs.ongoing_charges',
  change: 'increase',
  category: 'fees_and_share_class_terms',
  magnitude: {},
  evidenceClaimIds: ['c-1'],
  ...overrides,
});

describe('category severity', () => {
  it.each([
    [
      'a key-person departure',
      { metric: 'people.portfolio_manager', category: 'key_people_and_organisation', change: 'removed' },
      'high',
    ],
    [
      'a new gate',
      { metric: 'liquidity.gate_percent', category: 'liquidity_terms_and_side_pockets', change: 'added' },
      'high',
    ],
    ['a fee increase', { change: 'increase' }, 'high'],
    ['a fee decrease', { change: 'decrease' }, 'medium'],
    [
      'a legal event',
      { metric: 'legal.regulatory_action', category: 'legal_regulatory_documentation', change: 'added' },
      'high',
    ],
    [
      'a new auditor',
      { metric: 'provider.auditor', category: 'operational_providers_and_controls', change: 'changed' },
      'high',
    ],
    [
      'a new marketing agent',
      {
        metric: 'provider.marketing_agent',
        category: 'operational_providers_and_controls',
        change: 'changed',
      },
      'medium',
    ],
    [
      'a new calendar-year return',
      { metric: 'performance.calendar_year_return', category: 'assets_and_performance', change: 'added' },
      'low',
    ],
  ] as const)('rates %s %s', (_what, overrides, severity) => {
    expect(deltaSeverity(delta(overrides as Partial<UnscoredDelta>), policy).severity).toBe(severity);
  });

  it('raises a category the allocators asked to escalate', () => {
    const escalated = withMateriality(
      policies,
      (doc) => (doc.allocatorPreferences.escalateCategories = ['assets_and_performance']),
    );
    expect(
      deltaSeverity(
        delta({ metric: 'fund.net_assets', category: 'assets_and_performance' }),
        escalated.materiality.document,
      ),
    ).toEqual({
      severity: 'high',
      note: 'allocator preference',
    });
  });
});

describe('magnitude, from the policy thresholds', () => {
  it('measures fees in bps against X = 5: at the threshold half, at twice the threshold full', () => {
    expect(deltaMagnitude(delta({ magnitude: { bps: '5' } }), policy)).toEqual({
      score: new Dec('0.5'),
      crossed: true,
      rule: 'fee_change_bps',
    });
    expect(deltaMagnitude(delta({ magnitude: { bps: '20' } }), policy).score.toFixed()).toBe('1');
    expect(deltaMagnitude(delta({ magnitude: { bps: '2' } }), policy)).toMatchObject({ crossed: false });
  });

  it('counts only notice-period increases against Y = 30 days', () => {
    const notice = (change: 'increase' | 'decrease', absolute: string) =>
      deltaMagnitude(
        delta({
          metric: 'liquidity.notice_period_days',
          category: 'liquidity_terms_and_side_pockets',
          change,
          magnitude: { absolute },
        }),
        policy,
      );
    expect(notice('increase', '60')).toMatchObject({ crossed: true, rule: 'notice_period_increase_days' });
    expect(notice('decrease', '-60')).toMatchObject({ crossed: false });
  });

  it('measures AUM relative to Z = 20 %, and a policy with Z = 10 % scores the same change higher', () => {
    const aum = delta({
      metric: 'fund.net_assets',
      category: 'assets_and_performance',
      change: 'decrease',
      magnitude: { relativePercent: '-15' },
    });
    expect(deltaMagnitude(aum, policy)).toMatchObject({ crossed: false, rule: 'aum_change_percent' });
    const stricter = withMateriality(policies, (doc) => (doc.magnitude.thresholds[2].threshold = '10'));
    expect(deltaMagnitude(aum, stricter.materiality.document)).toMatchObject({ crossed: true });
  });

  it('scores exceptions by tolerances exceeded, or by the constant for their kind', () => {
    const candidate = (overrides: Partial<ExceptionCandidate>): ExceptionCandidate => ({
      kind: 'contradiction',
      policy: { severity: 'high', blocking: true },
      title: 't',
      subject: 's',
      evidenceClaimIds: [],
      details: {},
      ...overrides,
    });
    expect(exceptionMagnitude(candidate({ deviationRatio: '3' }), policy).score.toFixed()).toBe('1');
    expect(exceptionMagnitude(candidate({ kind: 'missing_field' }), policy).score.toFixed()).toBe('0.6');
    expect(exceptionMagnitude(candidate({ kind: 'unsupported_claim' }), policy).score.toFixed()).toBe('0.5');
  });
});

describe('evidence confidence and persistence', () => {
  it('takes the weakest claim, scales secondary sources down, adds agreement, subtracts staleness and contradictions', () => {
    const filing = claim('fund.net_assets', '1');
    const factsheet = claim('fund.net_assets', '1', {
      extractor: { id: 'pdf-factsheet', version: '1' },
      confidence: 0.9,
      doc: 'f',
    });
    expect(evidenceConfidence({ claims: [filing] }, policy, sources).toFixed()).toBe('1');
    expect(evidenceConfidence({ claims: [filing, factsheet] }, policy, sources).toFixed()).toBe('0.82');
    expect(
      evidenceConfidence({ claims: [factsheet], stale: true, contradicted: true }, policy, sources).toFixed(),
    ).toBe('0.12');
    expect(evidenceConfidence({ claims: [] }, policy, sources).toFixed()).toBe('0');
  });

  it('grows with consecutive cycles and additional sources', () => {
    expect(persistenceScore({ consecutiveCycles: 1, sources: 1 }, policy).toFixed()).toBe('0');
    expect(persistenceScore({ consecutiveCycles: 2, sources: 2 }, policy).toFixed()).toBe('0.6');
    expect(persistenceScore({ consecutiveCycles: 5, sources: 1 }, policy).toFixed()).toBe('1');
  });
});

describe('score and alert decision', () => {
  const magnitude = { score: new Dec('0.5'), crossed: true, rule: 'fee_change_bps' };

  it('weights the four dimensions and stores the breakdown', () => {
    expect(
      score('medium', { score: new Dec('0.5'), crossed: false }, new Dec('0.9'), new Dec('0'), policy),
    ).toEqual({
      policyId: 'materiality@1',
      total: '0.5700',
      severity: 'medium',
      breakdown: { severity: '0.6000', magnitude: '0.5000', confidence: '0.9000', persistence: '0.0000' },
      thresholdCrossed: false,
    });
  });

  it('crosses the threshold by total, or by a high-severity change past its magnitude threshold', () => {
    expect(score('high', magnitude, new Dec('0.5'), new Dec('0'), policy)).toMatchObject({
      total: '0.6500',
      thresholdCrossed: true,
      magnitudeRule: 'fee_change_bps',
    });
  });

  it('alerts only when the item crosses and evidence supports it; weak evidence needs verification, never an alert', () => {
    const crossed = score('high', magnitude, new Dec('0.9'), new Dec('0'), policy);
    const item = (confidence: string, evidenceClaimIds = ['c-1'], materiality: Materiality = crossed) => ({
      materiality,
      evidenceClaimIds,
      confidence: new Dec(confidence),
      alertable: true,
    });
    expect(decideAlert(item('0.9'), policy)).toEqual({ decision: 'alert' });
    expect(decideAlert(item('0.5'), policy)).toEqual({
      decision: 'needs_verification',
      reason: 'evidence confidence 0.5000 is below 0.6',
    });
    expect(decideAlert(item('0.9', []), policy)).toMatchObject({ decision: 'needs_verification' });
    expect(decideAlert(item('0.9', ['c-1'], { ...crossed, thresholdCrossed: false }), policy)).toMatchObject({
      decision: 'none',
    });
    expect(decideAlert({ ...item('0.9'), alertable: false }, policy)).toMatchObject({ decision: 'none' });
  });
});

describe('exception queue', () => {
  it('orders by materiality, then severity, then blocking, then id', () => {
    const entry = (
      exceptionId: string,
      total: string,
      severity: 'high' | 'medium' | 'low',
      blocking: boolean,
    ) => ({
      exceptionId,
      blocking,
      materiality: {
        policyId: 'materiality@1',
        total,
        severity,
        breakdown: { severity: '0', magnitude: '0', confidence: '0', persistence: '0' },
        thresholdCrossed: false,
      },
    });
    const queue = rankExceptionQueue([
      entry('e', '0.5000', 'low', false),
      entry('d', '0.5000', 'medium', false),
      entry('c', '0.5000', 'medium', true),
      entry('b', '0.9000', 'low', false),
      entry('a', '0.5000', 'medium', true),
    ]);
    expect(queue.map((exception) => exception.exceptionId)).toEqual(['b', 'a', 'c', 'd', 'e']);
  });
});
