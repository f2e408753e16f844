import type { ClaimView } from '@fai/contracts';
import { fieldKeyOf, type ValidationClaim } from './validation-claim';

describe('the claim shape validation reads', () => {
  it('accepts what extraction publishes (GetClaims claim view): checked at compile time', () => {
    const view: ClaimView = {
      claimId: '81f4b0d9-9523-5b39-8ebd-ea5a46470483',
      artefactId: 'art-1',
      status: 'supported',
      fund: { seriesId: 'S000009677' },
      fundId: 'fund-7',
      metric: 'fund.net_assets',
      value: '10108107972.190000',
      unit: 'USD',
      asOf: '2024-06-30',
      evidence: {
        artefactSha256: 'c60d0d57db3a1d4854183b48e5055ab49a8afed788176fe912826b7fabd42e17',
        artefactVersion: 1,
        locator: { kind: 'xpath', path: '/edgarSubmission/formData/fundInfo/netAssets' },
      },
      extractor: { id: 'nport-xml', version: '1.0.0' },
      confidence: 1,
    };
    const claim: ValidationClaim = view;
    expect(fieldKeyOf(claim)).toBe('fund.net_assets');
  });

  it('keys fields by metric, share class and subject', () => {
    expect(
      fieldKeyOf({ metric: 'performance.calendar_year_return', shareClass: 'GB00B0CNHB64', subject: '2020' }),
    ).toBe('performance.calendar_year_return@GB00B0CNHB64#2020');
  });
});
