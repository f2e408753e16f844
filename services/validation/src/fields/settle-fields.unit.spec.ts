import type { ExceptionResolvedV1 } from '@fai/contracts';
import { claim, pinnedV1 } from '../../test/validation-test-support';
import type { ValidationClaim } from '../claims/validation-claim';
import { crossSourceCheck } from '../checks/cross-source.check';
import { groupByField } from './field-group';
import { applyResolution } from './resolve-field';
import { settleField } from './settle-fields';

const { ruleset, sourcePolicy } = pinnedV1();
const settle = (claims: ValidationClaim[], stale: ReadonlySet<string> = new Set()) => {
  const [group] = groupByField(claims, []);
  const fresh = group.claims.filter((entry) => entry.value !== null && !stale.has(entry.claimId));
  return settleField(
    group,
    stale,
    crossSourceCheck(group, fresh, ruleset.document.checks.cross_source, sourcePolicy.document),
    sourcePolicy.document,
  );
};
const factsheet = { extractor: { id: 'pdf-factsheet', version: '1' }, doc: 'factsheet' };

describe('settling claims into fields', () => {
  it('given agreeing sources, then the field takes the best-ranked value with every agreeing claim as support', () => {
    const nport = claim('fund.net_assets', '10108107972.19');
    const sheet = claim('fund.net_assets', '10100000000', factsheet);
    expect(settle([sheet, nport])).toEqual({
      key: 'fund.net_assets',
      metric: 'fund.net_assets',
      state: 'value',
      value: '10108107972.19',
      unit: 'USD',
      asOf: '2024-06-30',
      claimIds: [nport.claimId, sheet.claimId],
      chosenClaimId: nport.claimId,
      sourceCount: 2,
    });
  });

  it('given conflicting sources, then the field is a typed blank `conflicted`, never a silent choice', () => {
    const field = settle([claim('fund.net_assets', '100'), claim('fund.net_assets', '150', factsheet)]);
    expect(field).toMatchObject({ state: 'blank', blank: 'conflicted', sourceCount: 2 });
    expect(field.value).toBeUndefined();
  });

  it('given only stale evidence, then the field is a typed blank `stale`', () => {
    const old = claim('fund.net_assets', '100');
    expect(settle([old], new Set([old.claimId]))).toMatchObject({
      state: 'blank',
      blank: 'stale',
      claimIds: [old.claimId],
    });
  });

  it('given a source that states a typed blank, then the field keeps its kind and reason', () => {
    const blank = claim('fund.lei', null, {
      blank: { kind: 'not_yet_filed', reason: 'LEI applied for' },
      unit: 'text',
    });
    expect(settle([blank])).toMatchObject({
      state: 'blank',
      blank: 'not_yet_filed',
      reason: 'LEI applied for',
    });
  });

  it('keys fields by metric, share class and subject', () => {
    const groups = groupByField(
      [
        claim('performance.calendar_year_return', '0.2', { shareClass: 'GB00B0CNHB64', subject: '2020' }),
        claim('holding.value', '1', { subject: 'x' }),
      ],
      ['holding.*'],
    );
    expect(groups.map((group) => group.key)).toEqual(['performance.calendar_year_return@GB00B0CNHB64#2020']);
  });
});

describe('resolving a conflicted field', () => {
  const conflicted = settle([claim('fund.net_assets', '100'), claim('fund.net_assets', '150', factsheet)]);
  const resolved = (overrides: Partial<ExceptionResolvedV1>): ExceptionResolvedV1 => ({
    exceptionId: 'exc-1',
    action: 'accept',
    actor: 'reviewer-3',
    rationale: 'the filing is audited',
    resolution: { value: '100', unit: 'USD', source: { kind: 'claim', claimId: conflicted.claimIds[0] } },
    timeToCloseSeconds: 60,
    at: '2026-11-04T13:00:00.000Z',
    ...overrides,
  });

  it('takes the chosen value and records which exception decided it', () => {
    expect(applyResolution(conflicted, 'exc-1', resolved({}))).toMatchObject({
      state: 'value',
      value: '100',
      unit: 'USD',
      chosenClaimId: conflicted.claimIds[0],
      resolvedByExceptionId: 'exc-1',
    });
  });

  it('takes a reviewer edit, and leaves the field as it was when the finding is rejected', () => {
    const edited = applyResolution(
      conflicted,
      'exc-1',
      resolved({
        action: 'edit',
        resolution: { value: '120', unit: 'USD', source: { kind: 'reviewer_edit' } },
      }),
    );
    expect(edited).toMatchObject({ state: 'value', value: '120', resolvedByExceptionId: 'exc-1' });
    expect(edited.chosenClaimId).toBeUndefined();
    expect(applyResolution(conflicted, 'exc-1', resolved({ action: 'reject', resolution: undefined }))).toBe(
      conflicted,
    );
  });
});
