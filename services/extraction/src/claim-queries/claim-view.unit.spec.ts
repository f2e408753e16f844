import { createRegistry, getClaimsV1 } from '@fai/contracts';
import type { Claim } from '../claims/claim';
import { claimView, fundLookup, initialClaimStatus } from './claim-view';

const claim: Claim = {
  claimId: '3b241101-e2bb-5255-8caf-4136c566a962',
  fund: { isin: 'GB00B0CNHB64' },
  metric: 'costs.ongoing_charges',
  value: '0.15',
  unit: 'percent',
  asOf: '2019-05-28',
  evidence: {
    artefactSha256: '6'.repeat(64),
    artefactVersion: 1,
    locator: {
      kind: 'pdf',
      page: 2,
      box: [56.7, 612.4, 310.2, 624.1],
      text: 'Ongoing charges 0.15%',
      span: [16, 21],
    },
  },
  extractor: { id: 'pdf-kiid', version: '1.0.0+lg-kiid@1' },
  confidence: 0.9,
};

describe('claim views', () => {
  it('calls a stated value with evidence supported, a typed blank missing, a graphical reading needs_verification', () => {
    expect(initialClaimStatus(claim)).toBe('supported');
    expect(initialClaimStatus({ value: null, confidence: 1 })).toBe('missing');
    expect(initialClaimStatus({ value: '1', confidence: 0.8 })).toBe('needs_verification');
  });

  it('adds the artefact and the canonical fund of the claim’s reference, and fits the GetClaims contract', () => {
    const lookup = fundLookup([
      {
        reference: { isin: 'GB00B0CNHB64' },
        fundId: 'fund-7',
        shareClassId: 'fund-7-i-acc',
        matchedBy: 'isin',
      },
    ]);
    const view = claimView(claim, 'art-1', lookup(claim));
    expect(view).toMatchObject({
      artefactId: 'art-1',
      status: 'supported',
      fundId: 'fund-7',
      shareClassId: 'fund-7-i-acc',
    });
    const reply = {
      claimSets: [],
      claims: [view, claimView({ ...claim, fund: { isin: 'XX' } }, 'art-1', undefined)],
    };
    expect(() => createRegistry().validateReply(getClaimsV1.name, 1, reply)).not.toThrow();
    expect(reply.claims[1]).not.toHaveProperty('fundId');
  });

  it('is refused by the contract when a claim has no locator', () => {
    const { evidence, ...rest } = claimView(claim, 'art-1', undefined);
    const broken = { ...rest, evidence: { artefactSha256: evidence.artefactSha256, artefactVersion: 1 } };
    expect(() =>
      createRegistry().validateReply(getClaimsV1.name, 1, { claimSets: [], claims: [broken] }),
    ).toThrow();
  });
});
