import { deciderSpecification } from '@fai/decider/testing';
import {
  collectingPortfolio,
  CYCLE,
  cycleOpened,
  FUND_7,
  FUND_8,
  PORTFOLIO,
  portfolioRegistered,
  RUN,
  runStageStarted,
  runStarted,
  sourcePolicySet,
  TENANT,
} from '../test/scheduler-facts.fixture';
import {
  artefactDecider,
  artefactIdFor,
  refuseIntake,
  type IngestArtefact,
  type IntakeContent,
  type IntakeFact,
  type IntakeSource,
} from './artefact.decider';
import { ArtefactRefusedError } from '@fai/artefact-store';
import { originMatches } from './source-policy';

const spec = deciderSpecification(artefactDecider);
const now = new Date('2026-11-04T08:30:00.000Z');
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function nport(sha256 = SHA_A, asOf = '2026-10-31'): IntakeContent {
  return {
    sha256,
    size: 1200,
    fileName: 'nport.xml',
    mediaType: 'application/xml',
    documentType: 'nport',
    identifiers: { isins: [], seriesId: 'S000012000' },
    asOf,
  };
}

function factsheet(isins: string[], sha256 = SHA_A): IntakeContent {
  return {
    sha256,
    size: 5000,
    fileName: 'factsheet.pdf',
    mediaType: 'application/pdf',
    pages: 2,
    documentType: 'factsheet',
    identifiers: { isins },
    asOf: '2026-10-31',
  };
}

function ingest(content: IntakeContent, source: Partial<IntakeSource> = {}): IngestArtefact {
  return {
    type: 'IngestArtefact',
    data: {
      intakeId: 'intake-1',
      portfolioId: PORTFOLIO,
      sourceType: 'upload',
      origin: 'http-upload',
      actor: 'user-42',
      fundId: FUND_7.fundId,
      ...source,
      content,
    },
    metadata: { now },
  };
}

/** The events of an earlier intake, to use as history. */
function history(given: IntakeFact[], command: IngestArtefact): IntakeFact[] {
  return [...given, ...spec.given(given).when(command).thenEvents()];
}

const refused = (code: string) => [ArtefactRefusedError, { code }] as const;

describe('artefact decider: intake', () => {
  it('stores new content as version 1 of its document, with everything the artefact records', () => {
    spec
      .given(collectingPortfolio())
      .when(ingest(nport()))
      .then([
        {
          type: 'ArtefactIngested',
          data: {
            artefactId: artefactIdFor(TENANT, SHA_A),
            tenantId: TENANT,
            portfolioId: PORTFOLIO,
            cycleId: CYCLE,
            runId: RUN,
            intakeId: 'intake-1',
            sha256: SHA_A,
            version: 1,
            fundId: FUND_7.fundId,
            documentType: 'nport',
            period: '2026-10',
            asOf: '2026-10-31',
            identifiers: { isins: [], seriesId: 'S000012000' },
            sourceType: 'upload',
            origin: 'http-upload',
            actor: 'user-42',
            fileName: 'nport.xml',
            mediaType: 'application/xml',
            size: 1200,
            retentionClass: 'standard',
            sourcePolicyId: 'pf-001-source-policy-default',
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('records the same bytes again as an intake of the existing artefact, storing nothing new', () => {
    const given = history(collectingPortfolio(), ingest(nport()));
    spec
      .given(given)
      .when(
        ingest(
          { ...nport(), fileName: 'nport (1).xml' },
          { intakeId: 'intake-2', origin: 'landing-folder:pf-001' },
        ),
      )
      .then([
        {
          type: 'ArtefactIntakeRecorded',
          data: {
            artefactId: artefactIdFor(TENANT, SHA_A),
            intakeId: 'intake-2',
            sha256: SHA_A,
            tenantId: TENANT,
            portfolioId: PORTFOLIO,
            cycleId: CYCLE,
            runId: RUN,
            sourceType: 'upload',
            origin: 'landing-folder:pf-001',
            actor: 'user-42',
            fileName: 'nport (1).xml',
            at: now.toISOString(),
          },
        },
      ]);
  });

  it('makes a different file for the same fund, period and type the next version, superseding the latest', () => {
    const v1 = history(collectingPortfolio(), ingest(nport(SHA_A)));
    const v2 = history(v1, ingest(nport(SHA_B), { intakeId: 'intake-2' }));
    const events = spec
      .given(v2)
      .when(ingest(nport('c'.repeat(64)), { intakeId: 'intake-3' }))
      .thenEvents();
    const newId = artefactIdFor(TENANT, 'c'.repeat(64));
    const v2Id = artefactIdFor(TENANT, SHA_B);
    expect(events.map((event) => event.type)).toEqual(['ArtefactIngested', 'ArtefactSuperseded']);
    expect(events[0].data).toMatchObject({ artefactId: newId, version: 3, supersedesArtefactId: v2Id });
    expect(events[1].data).toEqual({
      artefactId: v2Id,
      supersededByArtefactId: newId,
      tenantId: TENANT,
      portfolioId: PORTFOLIO,
      fundId: FUND_7.fundId,
      documentType: 'nport',
      period: '2026-10',
      version: 2,
      at: now.toISOString(),
    });
  });

  it('starts a new document at version 1 for another period or another fund', () => {
    const given = history(collectingPortfolio(), ingest(nport(SHA_A)));
    const otherPeriod = spec
      .given(given)
      .when(ingest(nport(SHA_B, '2026-09-30')))
      .thenEvents();
    expect(otherPeriod).toEqual([
      expect.objectContaining({
        type: 'ArtefactIngested',
        data: expect.objectContaining({ version: 1, period: '2026-09' }),
      }),
    ]);
    const otherFund = spec
      .given(given)
      .when(ingest(nport(SHA_B), { fundId: FUND_8.fundId }))
      .thenEvents();
    expect(otherFund[0].data).toMatchObject({ version: 1, fundId: FUND_8.fundId });
    expect(otherFund[0].data).not.toHaveProperty('supersedesArtefactId');
  });

  it('keeps unrecognised content as an artefact and raises it to an operator', () => {
    const content: IntakeContent = {
      sha256: SHA_A,
      size: 10,
      fileName: 'minutes.txt',
      mediaType: 'text/plain',
      documentType: 'unknown',
      identifiers: { isins: [] },
      reason: 'plain text in no recognised layout',
    };
    const events = spec
      .given(collectingPortfolio())
      .when(ingest(content, { fundId: undefined }))
      .thenEvents();
    expect(events.map((event) => event.type)).toEqual(['ArtefactIngested', 'ArtefactUnrecognised']);
    expect(events[0].data).toMatchObject({ documentType: 'unknown', version: 1 });
    expect(events[0].data).not.toHaveProperty('fundId');
    expect(events[1].data).toEqual({
      artefactId: artefactIdFor(TENANT, SHA_A),
      sha256: SHA_A,
      portfolioId: PORTFOLIO,
      cycleId: CYCLE,
      runId: RUN,
      fileName: 'minutes.txt',
      mediaType: 'text/plain',
      reason: 'plain text in no recognised layout',
      at: now.toISOString(),
    });
  });

  it('gives the same bytes of two tenants two artefacts', () => {
    expect(artefactIdFor('tenant-a', SHA_A)).not.toBe(artefactIdFor('tenant-b', SHA_A));
    expect(artefactIdFor('tenant-a', SHA_A)).toBe(artefactIdFor('tenant-a', SHA_A));
  });
});

describe('artefact decider: which fund', () => {
  it('finds the fund by an ISIN of the fund or of one of its share classes', () => {
    for (const isin of [FUND_7.isin, FUND_7.shareClassIsin]) {
      const [event] = spec
        .given(collectingPortfolio())
        .when(ingest(factsheet([isin]), { fundId: undefined }))
        .thenEvents();
      expect(event.data).toMatchObject({ fundId: FUND_7.fundId, documentType: 'factsheet', pages: 2 });
    }
  });

  it('refuses a recognised document whose fund cannot be told', () => {
    spec
      .given(collectingPortfolio())
      .when(ingest(nport(), { fundId: undefined }))
      .thenThrows(...refused('ARTEFACT_UNKNOWN_FUND'));
    spec
      .given(collectingPortfolio())
      .when(ingest(factsheet(['DE0005140008']), { fundId: undefined }))
      .thenThrows(...refused('ARTEFACT_UNKNOWN_FUND'));
  });

  it('refuses a fund the portfolio does not hold', () => {
    spec
      .given(collectingPortfolio())
      .when(ingest(nport(), { fundId: 'fund-99' }))
      .thenThrows(...refused('ARTEFACT_UNKNOWN_FUND'));
  });

  it('refuses a document naming two funds, or a fund other than the one named with it', () => {
    spec
      .given(collectingPortfolio())
      .when(ingest(factsheet([FUND_7.isin, FUND_8.isin]), { fundId: undefined }))
      .thenThrows(...refused('ARTEFACT_FUND_AMBIGUOUS'));
    spec
      .given(collectingPortfolio())
      .when(ingest(factsheet([FUND_8.isin]), { fundId: FUND_7.fundId }))
      .thenThrows(...refused('ARTEFACT_FUND_AMBIGUOUS'));
  });
});

describe('artefact decider: which cycle', () => {
  it('refuses an unknown portfolio', () => {
    spec
      .given([])
      .when(ingest(nport()))
      .thenThrows(...refused('ARTEFACT_UNKNOWN_PORTFOLIO'));
  });

  it('refuses when no cycle of the portfolio is collecting artefacts', () => {
    spec
      .given([portfolioRegistered()])
      .when(ingest(nport()))
      .thenThrows(...refused('ARTEFACT_NO_OPEN_CYCLE'));
    spec
      .given([...collectingPortfolio(), runStageStarted('extract')])
      .when(ingest(nport()))
      .thenThrows(...refused('ARTEFACT_NO_OPEN_CYCLE'));
  });

  it('refuses an upload to a cycle whose run has moved past ingest, and to an unknown cycle', () => {
    spec
      .given([...collectingPortfolio(), runStageStarted('extract')])
      .when(ingest(nport(), { cycleId: CYCLE }))
      .thenThrows(ArtefactRefusedError, {
        code: 'ARTEFACT_CYCLE_CLOSED',
        details: { cycleId: CYCLE, runStatus: 'running', stage: 'extract' },
      });
    spec
      .given(collectingPortfolio())
      .when(ingest(nport(), { cycleId: 'pf-001-1999-01-adhoc' }))
      .thenThrows(...refused('ARTEFACT_UNKNOWN_CYCLE'));
  });

  it('refuses a document dated after the period of its cycle', () => {
    spec
      .given(collectingPortfolio())
      .when(ingest(nport(SHA_A, '2026-11-30')))
      .thenThrows(ArtefactRefusedError, {
        code: 'ARTEFACT_PERIOD_OUTSIDE_CYCLE',
        details: { documentPeriod: '2026-11', cycleId: CYCLE, cyclePeriod: '2026-10' },
      });
  });

  it('takes an older document into the open cycle (the inventory reports it stale)', () => {
    const [event] = spec
      .given(collectingPortfolio())
      .when(ingest(nport(SHA_A, '2026-08-31')))
      .thenEvents();
    expect(event.data).toMatchObject({ cycleId: CYCLE, period: '2026-08' });
  });

  it("chooses the open cycle of the document's own period when several are open", () => {
    const september = cycleOpened('2026-09');
    const given = [...collectingPortfolio(), september, runStarted('pf-001-2026-09-scheduled')];
    const [older] = spec
      .given(given)
      .when(ingest(nport(SHA_A, '2026-09-30')))
      .thenEvents();
    expect(older.data).toMatchObject({
      cycleId: 'pf-001-2026-09-scheduled',
      runId: 'pf-001-2026-09-scheduled-run-1',
    });
    const [current] = spec
      .given(given)
      .when(ingest(nport(SHA_B, '2026-10-31')))
      .thenEvents();
    expect(current.data).toMatchObject({ cycleId: CYCLE });
  });

  it('goes to the current run of a rerun', () => {
    const given = [...collectingPortfolio(), runStageStarted('extract'), runStarted(CYCLE, 2, RUN)];
    const [event] = spec.given(given).when(ingest(nport())).thenEvents();
    expect(event.data).toMatchObject({ runId: `${CYCLE}-run-2` });
  });
});

describe('artefact decider: source policy', () => {
  it('refuses e-mail and online sources until a policy names their origins', () => {
    for (const source of [
      { sourceType: 'email', origin: 'ops@acme-am.com' },
      { sourceType: 'online', origin: 'https://www.sec.gov/x.xml', retrievedAt: now.toISOString() },
    ] as const) {
      spec
        .given(collectingPortfolio())
        .when(ingest(nport(), source))
        .thenThrows(ArtefactRefusedError, {
          code: 'SOURCE_NOT_ALLOWED',
          details: {
            ...{ sourceType: source.sourceType, origin: source.origin },
            sourcePolicyId: 'pf-001-source-policy-default',
          },
        });
    }
  });

  it('applies the latest policy: allowed origins pass with their retention class, others are refused', () => {
    const given = [
      ...collectingPortfolio(),
      sourcePolicySet(1, [
        { sourceType: 'online', origins: ['https://www.sec.gov/*'], retentionClass: 'regulatory' },
        { sourceType: 'upload', origins: ['*'] },
      ]),
    ];
    const online = { sourceType: 'online', retrievedAt: '2026-11-04T06:00:00.000Z' } as const;
    const [event] = spec
      .given(given)
      .when(ingest(nport(), { ...online, origin: 'https://www.sec.gov/Archives/1.xml' }))
      .thenEvents();
    expect(event.data).toMatchObject({
      retentionClass: 'regulatory',
      sourcePolicyId: 'pf-001-source-policy-v1',
      retrievedAt: '2026-11-04T06:00:00.000Z',
    });
    spec
      .given(given)
      .when(ingest(nport(), { ...online, origin: 'https://evil.example/www.sec.gov/1.xml' }))
      .thenThrows(...refused('SOURCE_NOT_ALLOWED'));
    spec
      .given(given)
      .when(ingest(nport(), { sourceType: 'internal', origin: 'reporting' }))
      .thenThrows(...refused('SOURCE_NOT_ALLOWED'));
  });

  it('uses the policy version the cycle pinned, not a later one', () => {
    const given = [
      portfolioRegistered(),
      sourcePolicySet(1, [{ sourceType: 'email', origins: ['*@acme-am.com'] }]),
      sourcePolicySet(2, [{ sourceType: 'upload', origins: ['*'] }]),
      cycleOpened('2026-10', { sourcePolicyId: 'pf-001-source-policy-v1' }),
      runStarted(),
    ];
    const [event] = spec
      .given(given)
      .when(ingest(nport(), { sourceType: 'email', origin: 'ops@acme-am.com' }))
      .thenEvents();
    expect(event.data).toMatchObject({ sourcePolicyId: 'pf-001-source-policy-v1' });
    spec
      .given(given)
      .when(ingest(nport()))
      .thenThrows(...refused('SOURCE_NOT_ALLOWED'));
  });

  it('requires the retrieval time of an online source', () => {
    const given = [...collectingPortfolio(), sourcePolicySet(1, [{ sourceType: 'online', origins: ['*'] }])];
    spec
      .given(given)
      .when(ingest(nport(), { sourceType: 'online', origin: 'https://x.example/a' }))
      .thenThrows(...refused('RETRIEVAL_TIME_REQUIRED'));
  });

  it.each([
    ['*', 'anything at all', true],
    ['https://www.sec.gov/*', 'https://www.sec.gov/Archives/a.xml', true],
    ['https://www.sec.gov/*', 'https://www.sec.gov.evil.example/a.xml', false],
    ['*@acme-am.com', 'Ops@ACME-AM.com', true],
    ['*@acme-am.com', 'ops@acme-am.com.evil', false],
    ['landing-folder:pf-001', 'landing-folder:pf-0011', false],
    ['a.b', 'axb', false],
  ])('origin pattern %s matches %s: %s', (pattern, origin, expected) => {
    expect(originMatches(pattern, origin)).toBe(expected);
  });
});

describe('refuseIntake', () => {
  it('records what was refused and why, without what was never read', () => {
    const event = refuseIntake(
      {
        intakeId: 'intake-9',
        portfolioId: PORTFOLIO,
        sourceType: 'upload',
        origin: 'http-upload',
        actor: 'user-42',
        declaredMediaType: 'application/pdf',
      },
      { code: 'ARTEFACT_PDF_ENCRYPTED', message: 'The PDF is password-protected.' },
      now,
    );
    expect(event).toEqual({
      type: 'ArtefactRefused',
      data: {
        intakeId: 'intake-9',
        portfolioId: PORTFOLIO,
        sourceType: 'upload',
        origin: 'http-upload',
        actor: 'user-42',
        declaredMediaType: 'application/pdf',
        errorCode: 'ARTEFACT_PDF_ENCRYPTED',
        message: 'The PDF is password-protected.',
        at: now.toISOString(),
      },
    });
  });
});
