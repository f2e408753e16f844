import type { Claim } from '../claims/claim';
import {
  referencedFunds,
  registeredIdentifiers,
  resolveFunds,
  type FundIdentity,
  type RegisteredIdentifier,
} from './fund-resolution';

const cashTrust: FundIdentity = {
  fundId: 'fund-lg-cash',
  isins: [],
  shareClasses: [{ shareClassId: 'lg-cash-i-acc', isin: 'GB00B0CNHB64' }],
};
const pimco: FundIdentity = {
  fundId: 'fund-pimco-ldi',
  isins: [],
  seriesId: 'S000009677',
  lei: 'SVLFVAGUHS15GPUL9Z39',
  shareClasses: [],
};
const identifiers: RegisteredIdentifier[] = [cashTrust, pimco].flatMap(registeredIdentifiers);
const known = { matches: identifiers, schemes: new Set(identifiers.map((i) => i.scheme)) };
const isinsOnly = {
  matches: identifiers.filter((i) => i.scheme === 'isin'),
  schemes: new Set(['isin'] as const),
};

describe('fund resolution', () => {
  it('resolves a share-class ISIN to its fund and share class', () => {
    const outcome = resolveFunds([{ reference: { isin: 'gb00b0cnhb64' }, claimCount: 7 }], known);
    expect(outcome).toEqual({
      fundIds: ['fund-lg-cash'],
      resolved: [
        {
          reference: { isin: 'gb00b0cnhb64' },
          fundId: 'fund-lg-cash',
          shareClassId: 'lg-cash-i-acc',
          matchedBy: 'isin',
        },
      ],
      unresolved: [],
    });
  });

  it('resolves an N-PORT series by its series id, the strongest identifier it states', () => {
    const reference = {
      seriesId: 'S000009677',
      lei: 'SVLFVAGUHS15GPUL9Z39',
      cik: '0000810893',
      name: 'PIMCO',
    };
    const { resolved } = resolveFunds([{ reference, claimCount: 33921 }], known);
    expect(resolved).toEqual([{ reference, fundId: 'fund-pimco-ldi', matchedBy: 'series_id' }]);
  });

  it('resolves a reference stating only an LEI, and ignores a registrant CIK', () => {
    const reference = { lei: 'svlfvaguhs15gpul9z39', cik: '0000810893' };
    expect(resolveFunds([{ reference, claimCount: 4 }], known).resolved).toEqual([
      { reference, fundId: 'fund-pimco-ldi', matchedBy: 'lei' },
    ]);
  });

  it('resolves by the series id a portfolio lists, whatever fund ingest attributed the artefact to', () => {
    const reference = { seriesId: 'S000009677', name: 'PIMCO' };
    expect(resolveFunds([{ reference, claimCount: 2 }], known, 'fund-lg-cash').resolved).toEqual([
      { reference, fundId: 'fund-pimco-ldi', matchedBy: 'series_id' },
    ]);
  });

  it('leaves an unknown identifier unresolved, even when ingest attributed the artefact to a fund', () => {
    const outcome = resolveFunds(
      [{ reference: { isin: 'SE0009807308' }, claimCount: 772 }],
      known,
      'fund-lg-cash',
    );
    expect(outcome.resolved).toEqual([]);
    expect(outcome.unresolved).toEqual([
      { reference: { isin: 'SE0009807308' }, reason: 'unknown', candidates: [], claimCount: 772 },
    ]);
  });

  it('calls a reference ambiguous when its identifiers point at different funds', () => {
    const { unresolved } = resolveFunds(
      [{ reference: { isin: 'GB00B0CNHB64', seriesId: 'S000009677' }, claimCount: 3 }],
      known,
    );
    expect(unresolved).toEqual([
      {
        reference: { isin: 'GB00B0CNHB64', seriesId: 'S000009677' },
        reason: 'ambiguous',
        candidates: ['fund-lg-cash', 'fund-pimco-ldi'],
        claimCount: 3,
      },
    ]);
  });

  it('gives an N-PORT the fund ingest attributed it to while portfolios list no series ids or LEIs', () => {
    const reference = { seriesId: 'S000009677', lei: 'SVLFVAGUHS15GPUL9Z39', name: 'PIMCO' };
    expect(resolveFunds([{ reference, claimCount: 10 }], isinsOnly, 'fund-pimco-ldi').resolved).toEqual([
      { reference, fundId: 'fund-pimco-ldi', matchedBy: 'artefact' },
    ]);
    expect(resolveFunds([{ reference, claimCount: 10 }], isinsOnly).unresolved).toMatchObject([
      { reason: 'unknown', claimCount: 10 },
    ]);
  });

  it('gives a reference without identifiers the fund ingest attributed the artefact to, else leaves it unresolved', () => {
    const references = [{ reference: { name: 'SBI Flexicap Fund' }, claimCount: 9 }];
    expect(resolveFunds(references, known, 'fund-sbi').resolved).toEqual([
      { reference: { name: 'SBI Flexicap Fund' }, fundId: 'fund-sbi', matchedBy: 'artefact' },
    ]);
    expect(resolveFunds(references, known).unresolved).toMatchObject([{ reason: 'unknown', claimCount: 9 }]);
  });

  it('counts the claims of each distinct fund reference, in first-seen order', () => {
    const claim = (fund: Claim['fund']) => ({ fund }) as Claim;
    expect(
      referencedFunds([
        claim({ isin: 'A', name: 'x' }),
        claim({ name: 'x', isin: 'A' }),
        claim({ isin: 'B' }),
      ]),
    ).toEqual([
      { reference: { isin: 'A', name: 'x' }, claimCount: 2 },
      { reference: { isin: 'B' }, claimCount: 1 },
    ]);
  });
});
