import { createRegistry } from '@fai/contracts';
import { deciderSpecification } from '@fai/decider/testing';
import type { FundResolutionOutcome } from '../fund-resolution/fund-resolution';
import { AmendmentWithoutClaimsError } from './extraction-errors';
import {
  extractionDecider,
  extractionEventId,
  MAX_WARNINGS,
  type AmendmentLink,
  type ArtefactInRun,
  type ExtractionCommand,
  type ExtractionEvent,
  type ExtractionSummary,
} from './extraction.decider';

const spec = deciderSpecification(extractionDecider);
const now = new Date('2026-11-04T09:20:00.000Z');
const at = now.toISOString();

const artefact: ArtefactInRun = {
  artefactId: 'art-1',
  sha256: 'c'.repeat(64),
  artefactVersion: 1,
  documentType: 'nport',
  tenantId: 'tenant-acme',
  portfolioId: 'pf-001',
  cycleId: 'pf-001-2024-06-scheduled',
  runId: 'pf-001-2024-06-scheduled-run-1',
};
const nport = { id: 'nport-xml', version: '1.0.0' };
const extraction: ExtractionSummary = {
  extractor: nport,
  coverage: { expected: 14, found: 13, missing: ['fund.total_liabilities'] },
  warnings: [{ code: 'NPORT_NO_HOLDINGS', message: 'Net assets are stated but no holding was read.' }],
  claimSet: { sha256: 'd'.repeat(64), claimCount: 120, byteSize: 64_000 },
};
const resolved: FundResolutionOutcome = {
  fundIds: ['fund-7'],
  resolved: [{ reference: { seriesId: 'S000009677' }, fundId: 'fund-7', matchedBy: 'series_id' }],
  unresolved: [],
};
const unresolved: FundResolutionOutcome = {
  fundIds: [],
  resolved: [],
  unresolved: [{ reference: { seriesId: 'S000000001' }, reason: 'unknown', candidates: [], claimCount: 120 }],
};
const link: AmendmentLink = {
  originalArtefactId: 'art-0',
  originalSha256: 'a'.repeat(64),
  filingKey: 'nport:S000009677:2024-06-30',
  relation: 'restates',
  comparison: { restated: 1, unchanged: 119, added: 0, notRestated: 0 },
};

const recordClaims = (
  patch: Partial<Extract<ExtractionCommand, { type: 'RecordClaims' }>['data']> = {},
): ExtractionCommand => ({
  type: 'RecordClaims',
  data: { artefact, extraction, funds: resolved, ...patch },
  metadata: { now },
});
const malformed = {
  code: 'EXTRACTION_MALFORMED_XML',
  message: 'unclosed tag',
  hint: 'Get the complete filing.',
  diagnostics: { extractorId: 'nport-xml', line: 3 },
};
const recordFailure = (extractor = nport): ExtractionCommand => ({
  type: 'RecordFailure',
  data: { artefact, extractor, error: malformed },
  metadata: { now },
});

const claimsExtracted = (extractor = nport): ExtractionEvent => ({
  type: 'ClaimsExtracted',
  data: {
    ...artefact,
    extractor,
    fundIds: ['fund-7'],
    funds: resolved.resolved,
    claimCount: 120,
    coverage: extraction.coverage,
    warnings: [...extraction.warnings],
    warningsOmitted: 0,
    claimSet: {
      ...extraction.claimSet,
      location: `extraction://claim-sets/${'d'.repeat(64)}`,
    },
    at,
  },
});
const extractionFailed = (extractor = nport): ExtractionEvent => ({
  type: 'ExtractionFailed',
  data: {
    ...artefact,
    extractor,
    errorCode: malformed.code,
    message: malformed.message,
    hint: malformed.hint,
    diagnostics: malformed.diagnostics,
    at,
  },
});
const amendmentRecorded: ExtractionEvent = {
  type: 'AmendmentRecorded',
  data: { ...artefact, ...link, at },
};

describe('extraction decider', () => {
  describe('claims', () => {
    it('records the claims of a first extraction, pointing at the stored claim set', () => {
      spec.given([]).when(recordClaims()).then([claimsExtracted()]);
    });

    it('adds nothing when the same extractor version already extracted the artefact', () => {
      spec.given([claimsExtracted()]).when(recordClaims()).then([]);
    });

    it('records claims of a new extractor version beside the earlier ones', () => {
      const next = { id: 'nport-xml', version: '1.1.0' };
      const [event] = spec
        .given([claimsExtracted()])
        .when(recordClaims({ extraction: { ...extraction, extractor: next } }))
        .thenEvents();
      expect(event).toMatchObject({ type: 'ClaimsExtracted', data: { extractor: next } });
    });

    it('records claims after a failure of the same version (e.g. the corrupted bytes were restored)', () => {
      spec.given([extractionFailed()]).when(recordClaims()).then([claimsExtracted()]);
    });

    it('keeps at most 100 warnings in the event and counts the rest', () => {
      const warnings = Array.from({ length: 130 }, (_, n) => ({ code: 'W', message: `warning ${n}` }));
      const [event] = spec
        .given([])
        .when(recordClaims({ extraction: { ...extraction, warnings } }))
        .thenEvents();
      expect(event.type === 'ClaimsExtracted' && event.data.warnings).toHaveLength(MAX_WARNINGS);
      expect(event.data).toMatchObject({ warningsOmitted: 30 });
    });
  });

  describe('fund resolution', () => {
    it('raises FundUnresolved beside the claims, which keep the raw reference', () => {
      const events = spec
        .given([])
        .when(recordClaims({ funds: unresolved, attributedFundId: 'fund-7' }))
        .thenEvents();
      expect(events.map((e) => e.type)).toEqual(['ClaimsExtracted', 'FundUnresolved']);
      expect(events[0].data).toMatchObject({ fundIds: [], funds: [] });
      expect(events[1].data).toEqual({
        ...artefact,
        extractor: nport,
        attributedFundId: 'fund-7',
        references: unresolved.unresolved,
        at,
      });
    });

    it('names the resolved fund ids on the claims event', () => {
      const [event] = spec.given([]).when(recordClaims()).thenEvents();
      expect(event.data).toMatchObject({ fundIds: ['fund-7'], funds: resolved.resolved });
    });
  });

  describe('failures', () => {
    it('records a failure with its code, hint and diagnostics', () => {
      spec.given([]).when(recordFailure()).then([extractionFailed()]);
    });

    it('records a failure of one version once', () => {
      spec.given([extractionFailed()]).when(recordFailure()).then([]);
    });

    it('never records a failure over claims of the same version', () => {
      spec.given([claimsExtracted()]).when(recordFailure()).then([]);
    });

    it('records the failure of a newer version beside older claims', () => {
      const next = { id: 'nport-xml', version: '2.0.0' };
      spec
        .given([claimsExtracted()])
        .when(recordFailure(next))
        .then([extractionFailed(next)]);
    });
  });

  describe('amendments', () => {
    it('links an amendment to its original together with its claims', () => {
      spec
        .given([])
        .when(recordClaims({ amendment: link }))
        .then([claimsExtracted(), amendmentRecorded]);
    });

    it('links an amendment whose original arrived later', () => {
      spec
        .given([claimsExtracted()])
        .when({ type: 'LinkAmendment', data: { artefact, amendment: link }, metadata: { now } })
        .then([amendmentRecorded]);
    });

    it('links an amendment to an original once', () => {
      spec
        .given([claimsExtracted(), amendmentRecorded])
        .when({ type: 'LinkAmendment', data: { artefact, amendment: link }, metadata: { now } })
        .then([]);
    });

    it('refuses to link an artefact that has no claims', () => {
      spec
        .given([extractionFailed()])
        .when({ type: 'LinkAmendment', data: { artefact, amendment: link }, metadata: { now } })
        .thenThrows(AmendmentWithoutClaimsError, { code: 'EXTRACTION_AMENDMENT_WITHOUT_CLAIMS' });
    });
  });

  describe('event ids', () => {
    it('derives the same id from the same fact, and different ids from different facts', () => {
      expect(extractionEventId(claimsExtracted())).toBe(extractionEventId(claimsExtracted()));
      expect(extractionEventId(claimsExtracted())).not.toBe(
        extractionEventId(claimsExtracted({ id: 'nport-xml', version: '1.1.0' })),
      );
      expect(extractionEventId(claimsExtracted())).not.toBe(extractionEventId(extractionFailed()));
      expect(extractionEventId(amendmentRecorded)).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('extraction events and their contracts', () => {
  const registry = createRegistry();

  it('decides only events whose data satisfies the published schema', () => {
    const events = [
      ...spec
        .given([])
        .when(recordClaims({ funds: unresolved, amendment: link }))
        .thenEvents(),
      ...spec.given([]).when(recordFailure()).thenEvents(),
    ];
    expect(events.map((e) => e.type)).toEqual([
      'ClaimsExtracted',
      'FundUnresolved',
      'AmendmentRecorded',
      'ExtractionFailed',
    ]);
    for (const event of events) expect(() => registry.validate(event.type, 1, event.data)).not.toThrow();
  });
});
