import { artefact, artefactMap, claim, pinnedV1, sha } from '../../test/validation-test-support';
import { groupByField } from '../fields/field-group';
import { evidenceDates, freshnessCheck, recencyLimitDays, staleClaimIds } from './freshness.check';
import { sourceAdmissionCheck } from './source-admission.check';

const { ruleset, sourcePolicy } = pinnedV1();
const policy = sourcePolicy.document;

describe('freshness (source policy recency limits)', () => {
  it('reads the limit per field from the source policy: exact key, then family, then the default', () => {
    expect(recencyLimitDays('fund.net_assets', policy)).toBe(100);
    expect(recencyLimitDays('costs.ongoing_charges', policy)).toBe(400);
    expect(recencyLimitDays('risk.srri', policy)).toBe(400);
    expect(recencyLimitDays('nav.per_share', policy)).toBe(10);
  });

  it('dates evidence by its document: a 2021 KIID quoting the 2011 return is not stale', () => {
    const claims = [
      claim('performance.calendar_year_return', '0.4', { subject: '2011', asOf: '2011-12-31', doc: 'kiid' }),
      claim('document.as_of_date', '2021-02-15', { asOf: '2021-02-15', doc: 'kiid' }),
    ];
    const dates = evidenceDates(claims);
    expect(staleClaimIds(claims, dates, '2021-02-28', policy).size).toBe(0);
    expect(staleClaimIds(claims, dates, '2022-06-30', policy).size).toBe(2);
  });

  it('given a field whose evidence is all older than its limit, then it is stale: an exception and a failed check', () => {
    const claims = [claim('fund.net_assets', '100', { asOf: '2024-01-31' })];
    const dates = evidenceDates(claims);
    const stale = staleClaimIds(claims, dates, '2024-06-30', policy);
    const outcome = freshnessCheck(
      groupByField(claims, []),
      stale,
      dates,
      '2024-06-30',
      policy,
      ruleset.document.freshness.exception,
    );
    expect(outcome.results).toMatchObject([
      {
        rule: 'freshness',
        status: 'failed',
        measures: { evidenceDate: '2024-01-31', ageDays: '151', limitDays: '100' },
      },
    ]);
    expect(outcome.exceptions).toMatchObject([
      {
        kind: 'stale_evidence',
        fieldKey: 'fund.net_assets',
        policy: { severity: 'medium', blocking: false },
      },
    ]);
  });

  it('given one stale and one fresh source, then the field is not stale', () => {
    const claims = [
      claim('fund.net_assets', '100', { asOf: '2024-01-31', doc: 'old' }),
      claim('fund.net_assets', '100', { doc: 'new' }),
    ];
    const dates = evidenceDates(claims);
    const stale = staleClaimIds(claims, dates, '2024-06-30', policy);
    expect(stale.size).toBe(1);
    expect(
      freshnessCheck(
        groupByField(claims, []),
        stale,
        dates,
        '2024-06-30',
        policy,
        ruleset.document.freshness.exception,
      ).results,
    ).toEqual([]);
  });
});

describe('source admission (source policy allow-lists)', () => {
  const exception = ruleset.document.unsupportedSource.exception;

  it('admits claims of inventoried artefacts of permitted types, origins and families', () => {
    const claims = [claim('fund.net_assets', '1', { doc: 'filing' })];
    const admission = sourceAdmissionCheck(
      claims,
      artefactMap(artefact('filing', { sourceType: 'online', origin: 'www.sec.gov' })),
      policy,
      exception,
    );
    expect(admission.admitted).toEqual(claims);
    expect(admission.outcome.results).toMatchObject([{ status: 'passed' }]);
  });

  it.each([
    ['not in the inventory', artefactMap(), "is not in the run's inventory"],
    [
      'online from an origin off the allow-list',
      artefactMap(artefact('filing', { sourceType: 'online', origin: 'example.com' })),
      'online origin example.com is not on the allow-list',
    ],
  ])('refuses claims of an artefact %s: an unsupported-claim exception', (_case, artefacts, reason) => {
    const claims = [claim('fund.net_assets', '1', { doc: 'filing' })];
    const admission = sourceAdmissionCheck(claims, artefacts, policy, exception);
    expect(admission.admitted).toEqual([]);
    expect(admission.outcome.exceptions).toMatchObject([
      {
        kind: 'unsupported_claim',
        evidenceClaimIds: [claims[0].claimId],
        details: { reason: expect.stringContaining(reason) },
      },
    ]);
  });

  it('refuses a document family the source policy does not rank', () => {
    const claims = [
      claim('fund.net_assets', '1', { doc: 'blog', extractor: { id: 'web-scrape', version: '1' } }),
    ];
    const admission = sourceAdmissionCheck(claims, artefactMap(artefact('blog')), policy, exception);
    expect(admission.refused).toEqual(claims);
    expect(admission.outcome.results[0]).toMatchObject({ status: 'failed', subject: `${sha('blog')}#1` });
  });
});
