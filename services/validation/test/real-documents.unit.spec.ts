import { createRegistry } from '@fai/contracts';
import { fold } from '@fai/decider';
import type { ValidationClaim } from '../src/claims/validation-claim';
import { dryRun } from '../src/dry-run';
import { exceptionDecider } from '../src/exceptions/exception.decider';
import { applyResolution } from '../src/fields/resolve-field';
import type { PinnedPolicies } from '../src/policies/policy-types';
import { validationRunEvents } from '../src/validation-run-events';
import { validateRun, type FundRunInput, type ValidationRunInput } from '../src/validation-run';
import { fixture, pinnedV1, snapshotOf, variant } from './validation-test-support';

/*
 * Validation of claims built from real fund documents (test/fixtures: values read from the
 * shared real fixtures by the extraction service's extractors; see each file's `source` and `note`).
 */

const now = new Date('2026-11-04T10:30:00.000Z');
const policies = pinnedV1();

function run(
  cycle: string,
  asOf: string,
  funds: FundRunInput[],
  artefacts: ValidationRunInput['artefacts'],
  pinned: PinnedPolicies = policies,
): ValidationRunInput {
  return {
    portfolioId: 'pf-001',
    cycleId: `pf-001-${cycle}-scheduled`,
    runId: `pf-001-${cycle}-scheduled-run-1`,
    asOf,
    now,
    policies: pinned,
    artefacts,
    funds,
  };
}

const pimco = fixture('pimco-ldi-nport-2024-06.json');
const companions = fixture('pimco-ldi-cross-source-2024-06.json');
const perenne = fixture('captor-perenne-tpt-2025-08.json');
const kiid2019 = fixture('lg-cash-trust-kiid-2019-05-28.json');
const kiid2021 = fixture('lg-cash-trust-kiid-2021-02-15.json');

const pimcoRun = (claims: ValidationClaim[] = pimco.claims, artefacts = pimco.artefacts) =>
  run(
    '2024-06',
    '2024-06-30',
    [{ fundId: 'fund-pimco-ldi', scope: 'us_registered_fund', claims }],
    artefacts,
  );
const perenneRun = (pinned?: PinnedPolicies) =>
  run(
    '2025-08',
    '2025-08-31',
    [{ fundId: 'fund-captor-perenne', scope: 'solvency_look_through', claims: perenne.claims }],
    perenne.artefacts,
    pinned,
  );

describe('PIMCO Low Duration Income, N-PORT-P 2024-06-30 (real)', () => {
  const output = validateRun(pimcoRun());
  const [fund] = output.funds;

  it('is the fund’s baseline: complete, no deltas', () => {
    expect(fund).toMatchObject({
      baseline: true,
      deltas: [],
      completeness: { score: '1.0000', required: 12, present: 12 },
    });
  });

  it('net assets equal total assets minus liabilities in the filing', () => {
    expect(fund.checks.find((check) => check.rule === 'balance_sheet')).toMatchObject({
      status: 'passed',
      measures: { expected: '10108107972.19', actual: '10108107972.19' },
    });
  });

  it('holdings at 157 % of net assets are flagged as leverage, not a contradiction', () => {
    const holdings = fund.checks.find((check) => check.rule === 'holdings_sum');
    expect(holdings).toMatchObject({
      status: 'flagged',
      measures: {
        percentSum: '157.380529',
        valueSum: '15908191273.67',
        netAssets: '10108107972.19',
        grossPercent: '226.2170',
      },
    });
    expect(holdings?.evidenceClaimIds).toHaveLength(1 + 2265 * 2 + 2);
    expect(
      output.exceptions.map((exception) => [exception.kind, exception.severity, exception.blocking]),
    ).toEqual([['needs_verification', 'low', false]]);
  });

  it('settles the fund-level figures into fields with their supporting claims', () => {
    const netAssets = fund.fields.find((field) => field.key === 'fund.net_assets');
    expect(netAssets).toMatchObject({
      state: 'value',
      value: '10108107972.190000',
      unit: 'USD',
      sourceCount: 1,
    });
    expect(fund.fields.some((field) => field.metric.startsWith('holding.'))).toBe(false);
    expect(Object.values(fund.claimStatuses).every((status) => status === 'supported')).toBe(true);
  });

  it('has no NAV per share to check the monthly returns against', () => {
    expect(fund.checks.find((check) => check.rule === 'return_vs_nav')).toMatchObject({
      status: 'not_applicable',
    });
  });
});

describe('N-PORT net assets vs factsheet AUM vs NAV-file total (cross-source conflict)', () => {
  const output = validateRun(
    pimcoRun([...pimco.claims, ...companions.claims], [...pimco.artefacts, ...companions.artefacts]),
  );
  const [fund] = output.funds;
  const conflict = output.exceptions.find((exception) => exception.kind === 'contradiction');

  it('keeps net assets a typed blank `conflicted`: no value is chosen silently', () => {
    const field = fund.fields.find((entry) => entry.key === 'fund.net_assets');
    expect(field).toMatchObject({ state: 'blank', blank: 'conflicted', sourceCount: 3 });
    expect(Object.values(fund.claimStatuses).filter((status) => status === 'conflicted')).toHaveLength(3);
  });

  it('raises a high-severity contradiction that requires a reviewer, suggesting the filing, first in the queue', () => {
    expect(conflict).toMatchObject({
      severity: 'high',
      blocking: true,
      requiresReviewerDecision: true,
      fieldKey: 'fund.net_assets',
      suggestion: { value: '10108107972.190000', reason: 'nport-xml ranks first in source-policy@1' },
      materiality: {
        total: '0.9140',
        breakdown: { severity: '1.0000', magnitude: '1.0000', confidence: '0.8200', persistence: '0.5000' },
        thresholdCrossed: true,
      },
      slaDueAt: '2026-11-06T10:30:00.000Z',
    });
    expect(conflict?.choices?.map((choice) => [choice.extractorId, choice.value])).toEqual([
      ['nport-xml', '10108107972.190000'],
      ['nav-history', '9870000000.00'],
      ['pdf-factsheet', '10100000000'],
    ]);
    expect(output.exceptions[0]).toBe(conflict);
  });

  it('escalates the supported contradiction as an alert', () => {
    expect(output.alerts).toMatchObject([
      { subject: { kind: 'exception', id: conflict?.exceptionId }, severity: 'high' },
    ]);
  });

  it('a reviewer’s decision settles the field with the chosen source, value and rationale', () => {
    const state = fold(exceptionDecider, [{ type: 'ExceptionRaised', data: conflict! }]);
    const [resolved] = exceptionDecider.decide(
      {
        type: 'DecideException',
        data: {
          exceptionId: conflict!.exceptionId,
          actor: { userId: 'reviewer-3', roles: ['reviewer'] },
          decision: {
            action: 'accept',
            rationale: 'The filing is audited; the NAV file total is two days older.',
          },
        },
        metadata: { now: new Date('2026-11-04T12:00:00.000Z') },
      },
      state,
    );
    if (resolved.type !== 'ExceptionResolved') throw new Error(`unexpected ${resolved.type}`);
    expect(resolved.data).toMatchObject({
      timeToCloseSeconds: 5400,
      resolution: { source: { extractorId: 'nport-xml' } },
    });
    const field = fund.fields.find((entry) => entry.key === 'fund.net_assets')!;
    expect(applyResolution(field, conflict!.exceptionId, resolved.data)).toMatchObject({
      state: 'value',
      value: '10108107972.190000',
      resolvedByExceptionId: conflict!.exceptionId,
    });
  });
});

describe('Captor Perenne Short Term Bond C, TPT V6 2025-08-29 (real)', () => {
  it('holdings 10.82 SEK (0.00205 %) over the NAV are within ruleset@1’s 0.5 % tolerance', () => {
    const [fund] = validateRun(perenneRun()).funds;
    expect(fund.checks.find((check) => check.rule === 'holdings_sum')).toMatchObject({
      status: 'passed',
      measures: { valueSum: '528302.026518229274279742', netAssets: '528291.2018228959' },
    });
    expect(fund.completeness).toMatchObject({ score: '1.0000', missing: [] });
  });

  it('a candidate ruleset with a 0.001 % tolerance would have raised a contradiction and an alert: the dry run reports both', () => {
    const strict = variant(
      policies.ruleset,
      2,
      (ruleset) => (ruleset.checks.holdings_sum.valueRelativeTolerance = '0.00001'),
    );
    const report = dryRun({ ruleset: strict }, [perenneRun()]);
    expect(report).toMatchObject({
      candidate: { rulesetId: 'ruleset@2' },
      totals: { exceptionsAdded: 1, exceptionsRemoved: 0, alertsAdded: 1, alertsRemoved: 0 },
      cycles: [
        {
          cycleId: 'pf-001-2025-08-scheduled',
          exceptionsAdded: [
            {
              kind: 'contradiction',
              fingerprint: 'fund-captor-perenne|contradiction|holdings_sum:findatex-tpt',
            },
          ],
          alertsAdded: [
            { subject: 'fund-captor-perenne|contradiction|holdings_sum:findatex-tpt', severity: 'medium' },
          ],
        },
      ],
    });
  });
});

describe('L&G Cash Trust KIID, 2019 → 2021 (real, period over period)', () => {
  const fundId = 'fund-lg-cash';
  const cycle2019 = run(
    '2019-05',
    '2019-05-31',
    [{ fundId, scope: 'ucits_share_class', claims: kiid2019.claims }],
    kiid2019.artefacts,
  );
  const first = validateRun(cycle2019);
  const snapshot = snapshotOf(first.funds[0], cycle2019.cycleId, '2019-05-31');
  const cycle2021 = (claims: ValidationClaim[] = kiid2021.claims) =>
    run(
      '2021-02',
      '2021-02-28',
      [{ fundId, scope: 'ucits_share_class', claims, priorSnapshot: snapshot }],
      kiid2021.artefacts,
    );

  it('the 2019 cycle is the baseline: complete, the two readings of the risk class agree', () => {
    expect(first.funds[0]).toMatchObject({ baseline: true, completeness: { score: '1.0000', required: 6 } });
    expect(
      first.funds[0].checks.find((check) => check.checkId === 'cross_source:risk.srri@GB00B0CNHB64'),
    ).toMatchObject({ status: 'passed' });
    expect(first.exceptions).toEqual([]);
  });

  it('the 2021 cycle has deltas against it: comparator returns added, the performance window moved, the 0.15 % charge unchanged', () => {
    const [fund] = validateRun(cycle2021()).funds;
    const summary = fund.deltas.map(
      (delta) => `${delta.change} ${delta.fieldKey.replace('@GB00B0CNHB64', '')} ${delta.category}`,
    );
    expect(summary).toEqual([
      ...['2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018', '2019', '2020'].map(
        (year) => `added benchmark.calendar_year_return#${year} strategy_and_mandate`,
      ),
      'removed performance.calendar_year_return#2009 assets_and_performance',
      'removed performance.calendar_year_return#2010 assets_and_performance',
      'added performance.calendar_year_return#2019 assets_and_performance',
      'added performance.calendar_year_return#2020 assets_and_performance',
    ]);
    expect(
      fund.deltas.every(
        (delta) => delta.evidenceClaimIds.length > 0 && delta.materiality.policyId === 'materiality@1',
      ),
    ).toBe(true);
    expect(fund.priorSnapshotId).toBe(snapshot.snapshotId);
  });

  it('none of those changes is material: no alerts, no exceptions', () => {
    const output = validateRun(cycle2021());
    expect(output.alerts).toEqual([]);
    expect(output.exceptions).toEqual([]);
  });

  const withCharge = (value: string, confidence: number) =>
    kiid2021.claims.map((claim) =>
      claim.metric === 'costs.ongoing_charges' ? { ...claim, value, confidence } : claim,
    );

  it('had the ongoing charge risen to 0.25 % (+10 bps, over X = 5), it would be a material change and a high-severity alert', () => {
    const output = validateRun(cycle2021(withCharge('0.25', 0.9)));
    const fee = output.funds[0].deltas.find((delta) => delta.metric === 'costs.ongoing_charges');
    expect(fee).toMatchObject({
      change: 'increase',
      category: 'fees_and_share_class_terms',
      before: { value: '0.15' },
      after: { value: '0.25' },
      magnitude: { bps: '10' },
      materiality: { severity: 'high', thresholdCrossed: true, magnitudeRule: 'fee_change_bps' },
    });
    expect(output.exceptions.map((exception) => [exception.kind, exception.deltaId])).toEqual([
      ['material_change', fee?.deltaId],
    ]);
    expect(output.alerts).toMatchObject([
      {
        subject: { kind: 'delta', id: fee?.deltaId },
        exceptionId: output.exceptions[0].exceptionId,
        severity: 'high',
        category: 'fees_and_share_class_terms',
      },
    ]);
  });

  it('read with weak confidence, the same rise needs verification and raises no alert', () => {
    const output = validateRun(cycle2021(withCharge('0.25', 0.5)));
    expect(output.alerts).toEqual([]);
    expect(output.exceptions).toMatchObject([
      {
        kind: 'needs_verification',
        blocking: true,
        details: { reason: 'evidence confidence 0.5000 is below 0.6' },
      },
    ]);
  });
});

describe('replay', () => {
  const inputs = [
    pimcoRun([...pimco.claims, ...companions.claims], [...pimco.artefacts, ...companions.artefacts]),
    perenneRun(),
    run(
      '2021-02',
      '2021-02-28',
      [
        { fundId: 'fund-lg-cash', scope: 'ucits_share_class', claims: kiid2021.claims },
        { fundId: 'fund-captor-perenne', scope: 'solvency_look_through', claims: perenne.claims },
      ],
      [...kiid2021.artefacts, ...perenne.artefacts],
    ),
  ];

  it.each(inputs.map((input) => [input.cycleId, input]))(
    '%s: the same inputs and pinned versions give identical output, ids included',
    (_cycle, input) => {
      const once = validateRun(input);
      const again = validateRun({
        ...input,
        funds: [...input.funds].reverse(),
        artefacts: [...input.artefacts].reverse(),
      });
      expect(again).toEqual(once);
      // Plain data: what is recorded is exactly what was computed.
      expect(JSON.parse(JSON.stringify(once))).toEqual(once);
    },
  );

  it('every recorded payload satisfies its published contract', () => {
    const registry = createRegistry();
    for (const input of inputs) {
      const events = validationRunEvents(validateRun(input));
      for (const data of events.validate.fundsValidated) registry.validate('FundValidated', 1, data);
      registry.validate('ValidationSummarised', 1, events.validate.summary);
      for (const data of events.compare.fundDeltas) registry.validate('FundDeltasComputed', 1, data);
      for (const data of events.rank.exceptions) registry.validate('ExceptionRaised', 1, data);
      for (const data of events.rank.alerts) registry.validate('AlertRaised', 1, data);
      registry.validate('ValidationCompleted', 1, events.validate.completed);
      registry.validate('DeltasComputed', 1, events.compare.completed);
      registry.validate('ExceptionsRanked', 1, events.rank.completed);
    }
  });
});
