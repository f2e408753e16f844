import { claim, pinnedV1 } from '../../test/validation-test-support';
import type { ValidationClaim } from '../claims/validation-claim';
import { groupByField } from '../fields/field-group';
import { crossSourceCheck } from './cross-source.check';

const { ruleset, sourcePolicy } = pinnedV1();
const rules = ruleset.document.checks.cross_source;
const verdictOf = (...claims: ValidationClaim[]) => {
  const [group] = groupByField(claims, []);
  return crossSourceCheck(group, group.claims, rules, sourcePolicy.document);
};
const factsheet = { extractor: { id: 'pdf-factsheet', version: '1.0.0' }, doc: 'factsheet', confidence: 0.9 };
const navFile = { extractor: { id: 'nav-history', version: '1.0.0' }, doc: 'nav-file' };

describe('cross-source agreement (ruleset checks.cross_source)', () => {
  it('given one statement, then there is nothing to compare', () => {
    const verdict = verdictOf(claim('fund.net_assets', '100'));
    expect(verdict.agreed).toBe(true);
    expect(verdict.result).toBeUndefined();
  });

  it('given N-PORT net assets and a factsheet within 0.5 %, then they agree and the filing is first', () => {
    const nport = claim('fund.net_assets', '10108107972.19');
    const verdict = verdictOf(claim('fund.net_assets', '10100000000', factsheet), nport);
    expect(verdict.agreed).toBe(true);
    expect(verdict.candidates[0]).toBe(nport);
    expect(verdict.result).toMatchObject({ status: 'passed', measures: { statements: '2', documents: '2' } });
  });

  it('given a third source 2.4 % lower, then it is a conflict: a high-severity contradiction suggesting the best-ranked source', () => {
    const nport = claim('fund.net_assets', '10108107972.19');
    const verdict = verdictOf(
      nport,
      claim('fund.net_assets', '10100000000', factsheet),
      claim('fund.net_assets', '9870000000', { ...navFile, asOf: '2024-06-28' }),
    );
    expect(verdict.agreed).toBe(false);
    expect(verdict.exception).toMatchObject({
      kind: 'contradiction',
      policy: { severity: 'high', blocking: true },
      fieldKey: 'fund.net_assets',
      suggestion: {
        claimId: nport.claimId,
        value: '10108107972.19',
        reason: 'nport-xml ranks first in source-policy@1',
      },
      deviationRatio: '4.7112',
    });
    expect(verdict.exception?.choices?.map((choice) => choice.extractorId)).toEqual([
      'nport-xml',
      'nav-history',
      'pdf-factsheet',
    ]);
  });

  it('does not compare statements further apart in time than the metric allows', () => {
    const verdict = verdictOf(
      claim('fund.net_assets', '100'),
      claim('fund.net_assets', '50', { ...navFile, asOf: '2024-06-20' }),
    );
    expect(verdict).toMatchObject({ agreed: true, candidates: [expect.objectContaining({ value: '100' })] });
  });

  it('compares percentages across units: a KIID 0.15 % and an EPT 0.0015 ratio agree', () => {
    const kiid = claim('costs.ongoing_charges', '0.15', {
      unit: 'percent',
      extractor: { id: 'pdf-kiid', version: '1' },
      doc: 'kiid',
    });
    const ept = claim('costs.ongoing_charges', '0.0015', {
      unit: 'ratio',
      extractor: { id: 'findatex-ept', version: '1' },
      doc: 'ept',
    });
    expect(verdictOf(kiid, ept).agreed).toBe(true);
    const higher = claim('costs.ongoing_charges', '0.0025', {
      unit: 'ratio',
      extractor: { id: 'findatex-ept', version: '1' },
      doc: 'ept',
    });
    expect(verdictOf(kiid, higher).agreed).toBe(false);
  });

  it('never agrees across currencies, and compares text with case and spacing folded', () => {
    expect(
      verdictOf(
        claim('fund.net_assets', '100'),
        claim('fund.net_assets', '100', { ...factsheet, unit: 'EUR' }),
      ).agreed,
    ).toBe(false);
    expect(
      verdictOf(
        claim('fund.name', 'PIMCO Low Duration Income Fund', { unit: 'text' }),
        claim('fund.name', 'PIMCO  LOW DURATION INCOME FUND', { ...factsheet, unit: 'text' }),
      ).agreed,
    ).toBe(true);
  });
});
