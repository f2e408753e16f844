import { artefact, claim, pinnedV1, withMateriality } from '../test/validation-test-support';
import { dryRun } from './dry-run';
import type { ValidationClaim } from './claims/validation-claim';
import { validateRun, type FundRunInput, type ValidationRunInput } from './validation-run';

const policies = pinnedV1();
const now = new Date('2026-11-04T10:30:00.000Z');
const usFund = (claims: ValidationClaim[], extra: Partial<FundRunInput> = {}): FundRunInput => ({
  fundId: 'fund-1',
  scope: 'profile_minimum',
  claims,
  ...extra,
});
const input = (funds: FundRunInput[], overrides: Partial<ValidationRunInput> = {}): ValidationRunInput => ({
  portfolioId: 'pf-001',
  cycleId: 'c-2024-06',
  runId: 'c-2024-06-run-1',
  asOf: '2024-06-30',
  now,
  policies,
  artefacts: [artefact('nport-1'), artefact('factsheet')],
  funds,
  ...overrides,
});
const complete = () => [claim('fund.name', 'Fund One', { unit: 'text' }), claim('fund.net_assets', '1000')];

describe('validating a run', () => {
  it('given a complete, consistent fund with no snapshot, then a clean baseline', () => {
    const output = validateRun(input([usFund(complete())]));
    expect(output.funds[0]).toMatchObject({ baseline: true, completeness: { score: '1.0000' }, deltas: [] });
    expect(output.exceptions).toEqual([]);
    expect(output.summary).toMatchObject({
      rulesetId: 'ruleset@1',
      materialityId: 'materiality@1',
      sourcePolicyId: 'source-policy@1',
      funds: [{ fundId: 'fund-1', completenessScore: '1.0000', baseline: true, blockingExceptions: 0 }],
      exceptions: { total: 0, blocking: 0, byKind: {}, bySeverity: {} },
      at: now.toISOString(),
    });
  });

  it('gives every claim a status: supported, missing, stale, conflicted or needs verification', () => {
    const supported = claim('fund.name', 'Fund One', { unit: 'text' });
    const blank = claim('fund.lei', null, {
      unit: 'text',
      blank: { kind: 'suppressed', reason: 'not disclosed' },
    });
    const stale = claim('fund.total_assets', '5', { asOf: '2023-01-31', doc: 'old-filing' });
    const conflicting = [
      claim('fund.net_assets', '1000'),
      claim('fund.net_assets', '1500', {
        doc: 'factsheet',
        extractor: { id: 'pdf-factsheet', version: '1' },
      }),
    ];
    const unsupported = claim('fund.name', 'Fund One', { unit: 'text', doc: 'blog' });
    const output = validateRun(
      input([usFund([supported, blank, stale, ...conflicting, unsupported])], {
        artefacts: [artefact('nport-1'), artefact('factsheet'), artefact('old-filing')],
      }),
    );
    expect(output.funds[0].claimStatuses).toEqual({
      [supported.claimId]: 'supported',
      [blank.claimId]: 'missing',
      [stale.claimId]: 'stale',
      [conflicting[0].claimId]: 'conflicted',
      [conflicting[1].claimId]: 'conflicted',
      [unsupported.claimId]: 'needs_verification',
    });
    expect(output.summary.exceptions.byKind).toEqual({
      contradiction: 1,
      stale_evidence: 1,
      unsupported_claim: 1,
    });
    // The queue leads with the most material: the high-severity contradiction.
    expect(output.exceptions[0]).toMatchObject({ kind: 'contradiction', requiresReviewerDecision: true });
  });

  it('counts exceptions per kind and severity, deltas per category and severity, and alerts', () => {
    const output = validateRun(
      input([
        usFund([claim('fund.net_assets', '1000')], {
          sourceProblems: [
            { kind: 'missing_artefact', code: 'ARTEFACT_MISSING', message: 'no factsheet for 2024-06' },
          ],
        }),
      ]),
    );
    expect(output.summary.exceptions).toEqual({
      total: 2,
      blocking: 2,
      byKind: { missing_artefact: 1, missing_field: 1 },
      bySeverity: { high: 1, medium: 1 },
    });
    expect(output.summary.funds[0]).toMatchObject({ completenessScore: '0.5000', blockingExceptions: 2 });
    expect(output.exceptions.find((exception) => exception.kind === 'missing_artefact')).toMatchObject({
      severity: 'high',
      blocking: true,
      fingerprint: 'fund-1|missing_artefact|missing_artefact:ARTEFACT_MISSING',
      slaDueAt: '2026-11-06T10:30:00.000Z',
    });
  });

  it('flags a high-severity contradiction (daily dealing, 90 days notice) as requiring a reviewer decision', () => {
    const terms = [
      claim('liquidity.dealing_frequency', 'daily', { unit: 'text' }),
      claim('liquidity.notice_period_days', '90', { unit: 'count' }),
    ];
    const [exception] = validateRun(input([usFund([...complete(), ...terms])])).exceptions;
    expect(exception).toMatchObject({
      kind: 'contradiction',
      severity: 'high',
      blocking: true,
      requiresReviewerDecision: true,
      checkId: 'redemption_notice',
      evidenceClaimIds: terms.map((entry) => entry.claimId),
    });
  });

  it('derives exception ids from the run and the finding; a rerun raises its own', () => {
    const funds = [usFund([claim('fund.net_assets', '1000')])];
    const [first] = validateRun(input(funds)).exceptions;
    const [again] = validateRun(input(funds)).exceptions;
    const [rerun] = validateRun(input(funds, { runId: 'c-2024-06-run-2' })).exceptions;
    expect(again.exceptionId).toBe(first.exceptionId);
    expect(rerun.exceptionId).not.toBe(first.exceptionId);
    expect(rerun.fingerprint).toBe(first.fingerprint);
  });

  it('scores a finding seen in the previous cycle as more persistent, and hands the count on', () => {
    const funds = (cycles: number) => [
      usFund([claim('fund.net_assets', '1000')], {
        priorFindings:
          cycles > 0
            ? [{ fingerprint: 'fund-1|missing_field|missing_field:fund.name', consecutiveCycles: cycles }]
            : [],
      }),
    ];
    const [first] = validateRun(input(funds(0))).exceptions;
    const [second] = validateRun(input(funds(1))).exceptions;
    const [third] = validateRun(input(funds(2))).exceptions;
    expect(first.materiality.breakdown.persistence).toBe('0.0000');
    expect(second.materiality.breakdown.persistence).toBe('0.3500');
    expect(third.materiality.breakdown.persistence).toBe('0.7000');
    expect(Number(third.materiality.total)).toBeGreaterThan(Number(first.materiality.total));
    expect(validateRun(input(funds(2))).funds[0].findings).toEqual([
      { fingerprint: third.fingerprint, consecutiveCycles: 3 },
    ]);
  });

  it('refuses a fund whose scope the ruleset does not define, and a fund listed twice', () => {
    expect(() => validateRun(input([usFund(complete(), { scope: 'hedge_fund' })]))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_SCOPE_UNKNOWN' }),
    );
    expect(() => validateRun(input([usFund(complete()), usFund(complete())]))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FUND_TWICE' }),
    );
  });
});

describe('dry run of a candidate materiality policy', () => {
  const feeRise = (): ValidationRunInput =>
    input([
      usFund([...complete(), claim('costs.ongoing_charges', '0.21', { unit: 'percent', shareClass: 'A' })], {
        priorSnapshot: {
          snapshotId: 'snap-1',
          fundId: 'fund-1',
          cycleId: 'c-2024-05',
          asOf: '2024-05-31',
          fields: [
            {
              key: 'costs.ongoing_charges@A',
              metric: 'costs.ongoing_charges',
              shareClass: 'A',
              value: '0.15',
              unit: 'percent',
              asOf: '2024-05-31',
              claimIds: ['old'],
            },
          ],
        },
      }),
    ]);

  it('reports the alerts and exceptions a higher fee threshold (X = 10 bps) would remove from a +6 bps change', () => {
    const pinned = validateRun(feeRise());
    expect(pinned.alerts).toHaveLength(1);
    const lenient = withMateriality(
      policies,
      (doc) => (doc.magnitude.thresholds[0].threshold = '10'),
    ).materiality;
    const report = dryRun({ materiality: lenient }, [feeRise()]);
    expect(report).toMatchObject({
      candidate: { materialityId: 'materiality@99' },
      totals: { exceptionsAdded: 0, exceptionsRemoved: 1, alertsAdded: 0, alertsRemoved: 1 },
      cycles: [
        {
          exceptionsRemoved: [
            { kind: 'material_change', fingerprint: 'fund-1|delta|costs.ongoing_charges@A|material_change' },
          ],
        },
      ],
    });
  });

  it('reports reclassified exceptions when a candidate changes severities', () => {
    const stricter = withMateriality(
      policies,
      (doc) => (doc.allocatorPreferences.escalateCategories = ['fees_and_share_class_terms']),
    ).materiality;
    const decrease = feeRise();
    const [fund] = decrease.funds;
    const report = dryRun({ materiality: stricter }, [
      {
        ...decrease,
        funds: [
          {
            ...fund,
            claims: [
              ...complete(),
              claim('costs.ongoing_charges', '0.05', { unit: 'percent', shareClass: 'A' }),
            ],
          },
        ],
      },
    ]);
    expect(report.cycles[0].exceptionsReclassified).toEqual([
      expect.objectContaining({
        kind: 'material_change',
        before: { severity: 'medium', blocking: false },
        after: { severity: 'high', blocking: false },
      }),
    ]);
  });
});
