import { buffer } from 'node:stream/consumers';
import { ArtefactCorruptedError, type ArtefactStore } from '@fai/artefact-store';
import { artefactIngestedV1, inventoryArtefactReceivedV1, type ArtefactIngestedV1 } from '@fai/contracts';
import { fold } from '@fai/decider';
import type { EventMetadata, EventStore, SqlDatabase, SqlExecutor } from '@fai/event-store';
import type { ConsumedEvent, ConsumerLogger } from '@fai/messaging';
import { ExtractionFailedError } from '../claims/extraction-errors';
import { referencedFunds, referenceIdentifiers, resolveFunds } from '../fund-resolution/fund-resolution';
import type { ArtefactExtractionRepository } from '../infrastructure/artefact-extraction.repository';
import type { ClaimSetRepository } from '../infrastructure/claim-set.repository';
import { eventData } from '../infrastructure/consumed-events';
import type { ExtractionMetrics } from '../infrastructure/extraction.metrics';
import { lockKey } from '../infrastructure/extraction-tables';
import type { FundRegistryRepository } from '../infrastructure/fund-registry.repository';
import type { RunProgressRepository } from '../infrastructure/run-progress.repository';
import { STAGE_FAILING_CODES } from '../run-completion/run-completion';
import type { RunCompletion } from '../run-completion/run-completion.service';
import { compareAmendment, type StatedValue } from './amendment-comparison';
import { claimKey, claimSetOf, type ClaimSet } from './claim-set';
import {
  extractionDecider,
  extractionEventId,
  extractionStreamId,
  type AmendmentLink,
  type ArtefactInRun,
  type ExtractionCommand,
  type ExtractionError,
  type ExtractionEvent,
  type ExtractorRef,
} from './extraction.decider';
import { extractorCrash, recordedFailure } from './extraction-errors';
import { extractorFor, type DocumentExtractor, type ExtractedDocument } from './extractor-registry';

export interface ExtractArtefactDependencies {
  db: SqlDatabase;
  store: EventStore;
  artefacts: ArtefactStore;
  claimSets: ClaimSetRepository;
  extractions: ArtefactExtractionRepository;
  funds: FundRegistryRepository;
  runs: RunProgressRepository;
  runCompletion: RunCompletion;
  clock: () => Date;
  metrics?: ExtractionMetrics;
  logger?: ConsumerLogger;
}

type Extraction =
  | { kind: 'claims'; document: ExtractedDocument; set: ClaimSet }
  | { kind: 'failed'; extractor: ExtractorRef; error: ExtractionError };

/** What `prepare` read and stored before the consumer's transaction opened; undefined: nothing to do. */
export type PreparedExtraction =
  { artefact: ArtefactInRun; attributedFundId?: string; extraction: Extraction } | undefined;

/**
 * Handles ArtefactIngested: reads the artefact's bytes (hash-verified), extracts its claims,
 * stores them as a content-addressed claim set, resolves their funds, links amendments and
 * appends the outcome to `extraction-<artefactId>`, all in the consumer's transaction.
 *
 * A document that cannot be read is recorded as ExtractionFailed and the message is acknowledged:
 * the service and the run go on. Only what a retry can cure (the store or the database being
 * unreachable, an artefact not stored yet) is thrown, for the consumer to retry.
 */
export class ExtractArtefactHandler {
  constructor(private readonly deps: ExtractArtefactDependencies) {}

  /**
   * Reads, extracts and stores the claim set before the consumer's transaction opens: a large
   * filing takes seconds, and an open transaction would hold back every relay on the server.
   * The claim set is content-addressed, so storing it again on a retry changes nothing.
   */
  async prepare(event: ConsumedEvent): Promise<PreparedExtraction> {
    const ingested = eventData(event, artefactIngestedV1);
    return ingested && this.prepareArtefact(artefactInRun(ingested), ingested.fundId);
  }

  /**
   * A rerun carries over the artefacts of the run it replaces. One whose stored bytes did not match
   * their hash is read again: the stage failure told the operator to restore them and rerun, so its
   * recorded ARTEFACT_CORRUPTED must not decide the rerun. Anything else keeps its recorded outcome.
   */
  async prepareReread(event: ConsumedEvent): Promise<PreparedExtraction> {
    const received = eventData(event, inventoryArtefactReceivedV1);
    if (!received?.carriedOver) return undefined;
    const recorded = await this.deps.extractions.get(this.deps.db, received.artefactId);
    if (recorded?.outcome !== 'failed' || !STAGE_FAILING_CODES.includes(recorded.errorCode ?? ''))
      return undefined;
    const artefact = { ...recorded.artefact, cycleId: received.cycleId, runId: received.runId };
    return this.prepareArtefact(artefact, received.fundId);
  }

  private async prepareArtefact(
    artefact: ArtefactInRun,
    attributedFundId: string | undefined,
  ): Promise<PreparedExtraction> {
    const extractor = extractorFor(artefact.documentType);
    // An unrecognised artefact has no extractor: ingest raised its exception for an operator.
    if (!extractor) return undefined;
    const extraction = await this.extract(extractor, artefact);
    if (extraction.kind === 'claims') {
      const { set, document } = extraction;
      await this.deps.db.transaction((tx) =>
        this.deps.claimSets.store(tx, set, {
          artefactId: artefact.artefactId,
          artefactSha256: artefact.sha256,
          extractor: document.extractor,
        }),
      );
    }
    return { artefact, ...(attributedFundId && { attributedFundId }), extraction };
  }

  async handle(event: ConsumedEvent, tx: SqlExecutor, prepared: PreparedExtraction): Promise<void> {
    if (!prepared) return;
    const { artefact, attributedFundId, extraction } = prepared;
    const metadata = eventMetadata(event, artefact);
    const now = this.deps.clock();
    if (extraction.kind === 'failed') {
      const emitted = await this.decideAndAppend(tx, artefact.artefactId, metadata, {
        type: 'RecordFailure',
        data: { artefact, extractor: extraction.extractor, error: extraction.error },
        metadata: { now },
      });
      if (emitted > 0)
        await this.deps.extractions.record(tx, {
          artefact,
          outcome: 'failed',
          errorCode: extraction.error.code,
          extractor: extraction.extractor,
          funds: [],
        });
    } else {
      await this.recordClaims(
        tx,
        artefact,
        attributedFundId,
        extraction.document,
        extraction.set,
        metadata,
        now,
      );
    }
    const runIds = await this.deps.runs.runsOfArtefact(tx, artefact.artefactId);
    await this.deps.runCompletion.settle(
      tx,
      runIds,
      {
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
        tenantId: artefact.tenantId,
      },
      now,
    );
  }

  private async extract(extractor: DocumentExtractor, artefact: ArtefactInRun): Promise<Extraction> {
    const registered: ExtractorRef = { id: extractor.id, version: extractor.version };
    let bytes: Buffer;
    try {
      bytes = await buffer(await this.deps.artefacts.get(artefact.sha256));
    } catch (error) {
      // Bytes that do not match their hash are a recorded outcome; anything else may pass: retry.
      if (error instanceof ArtefactCorruptedError)
        return { kind: 'failed', extractor: registered, error: recordedFailure(error) };
      throw error;
    }
    const started = performance.now();
    try {
      const document = await extractor.extract(bytes, {
        sha256: artefact.sha256,
        version: artefact.artefactVersion,
      });
      this.deps.metrics?.observe(document, (performance.now() - started) / 1000);
      return { kind: 'claims', document, set: claimSetOf(document.claims) };
    } catch (error) {
      this.deps.metrics?.failed(registered);
      if (error instanceof ExtractionFailedError)
        return { kind: 'failed', extractor: registered, error: recordedFailure(error) };
      this.deps.logger?.error('extractor crashed', {
        extractor: extractor.id,
        artefactId: artefact.artefactId,
        error,
      });
      return { kind: 'failed', extractor: registered, error: extractorCrash(extractor.id, error) };
    }
  }

  private async recordClaims(
    tx: SqlExecutor,
    artefact: ArtefactInRun,
    attributedFundId: string | undefined,
    document: ExtractedDocument,
    set: ClaimSet,
    metadata: EventMetadata,
    now: Date,
  ): Promise<void> {
    const { claimSets, extractions, funds: registry } = this.deps;
    const references = referencedFunds(document.claims);
    const known = await registry.registry(
      tx,
      artefact.tenantId,
      references.flatMap((r) => referenceIdentifiers(r.reference)),
    );
    const funds = resolveFunds(references, known, attributedFundId);
    const { filing } = document;
    // Filings of one key are linked under its lock: an original and its amendment extracted at
    // the same time then see each other, whichever commits first.
    if (filing) await lockKey(tx, `filing:${filing.key}`);
    const siblings = filing ? await extractions.filings(tx, filing.key) : [];
    const original = filing?.isAmendment
      ? siblings.find((s) => !s.filing?.isAmendment && s.artefact.artefactId !== artefact.artefactId)
      : undefined;
    const amendment =
      original?.claimSetSha256 && filing
        ? amendmentLink(
            statedValuesOf(set),
            await claimSets.statedValues(tx, original.claimSetSha256),
            original.artefact,
            filing.key,
          )
        : undefined;
    const emitted = await this.decideAndAppend(tx, artefact.artefactId, metadata, {
      type: 'RecordClaims',
      data: {
        artefact,
        extraction: {
          extractor: document.extractor,
          coverage: document.coverage,
          warnings: document.warnings,
          claimSet: { sha256: set.sha256, claimCount: set.claimCount, byteSize: set.byteSize },
        },
        funds,
        ...(attributedFundId && { attributedFundId }),
        ...(amendment && { amendment }),
      },
      metadata: { now },
    });
    if (emitted === 0) return;
    await extractions.record(tx, {
      artefact,
      outcome: 'extracted',
      extractor: document.extractor,
      claimSetSha256: set.sha256,
      funds: funds.resolved,
      ...(filing && { filing }),
    });
    if (filing && !filing.isAmendment) {
      // Amendments extracted before their original waited for it: link them now.
      for (const later of siblings.filter((s) => s.filing?.isAmendment && s.claimSetSha256)) {
        const link = amendmentLink(
          await claimSets.statedValues(tx, later.claimSetSha256!),
          statedValuesOf(set),
          artefact,
          filing.key,
        );
        await this.decideAndAppend(tx, later.artefact.artefactId, metadata, {
          type: 'LinkAmendment',
          data: { artefact: later.artefact, amendment: link },
          metadata: { now },
        });
      }
    }
  }

  /** Folds the artefact's stream, decides, appends what is new; returns how many events it wrote. */
  private async decideAndAppend(
    tx: SqlExecutor,
    artefactId: string,
    metadata: EventMetadata,
    command: ExtractionCommand,
  ): Promise<number> {
    const streamId = extractionStreamId(artefactId);
    const history = await this.deps.store.readStream(streamId, { tx });
    const state = fold(
      extractionDecider,
      history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as ExtractionEvent),
    );
    const events = extractionDecider.decide(command, state);
    if (events.length === 0) return 0;
    await this.deps.store.append(
      streamId,
      events.map((event) => ({
        eventId: extractionEventId(event),
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        metadata: { ...metadata, ...fundOf(event) },
      })),
      { expectedVersion: history.length === 0 ? 'no_stream' : history[history.length - 1].streamVersion, tx },
    );
    return events.length;
  }
}

function artefactInRun(ingested: ArtefactIngestedV1): ArtefactInRun {
  return {
    artefactId: ingested.artefactId,
    sha256: ingested.sha256,
    artefactVersion: ingested.version,
    documentType: ingested.documentType,
    tenantId: ingested.tenantId,
    portfolioId: ingested.portfolioId,
    cycleId: ingested.cycleId,
    runId: ingested.runId,
  };
}

/** What the extraction's events carry from the event that caused them and the artefact's run. */
function eventMetadata(event: ConsumedEvent, artefact: ArtefactInRun): EventMetadata {
  const { tenantId, portfolioId, cycleId, runId } = artefact;
  return {
    correlationId: event.correlationid,
    causationId: event.id,
    tenantId,
    portfolioId,
    cycleId,
    runId,
    ...(event.traceparent && { traceparent: event.traceparent }),
  };
}

/** An event about exactly one canonical fund names it, so consumers can route by fund. */
function fundOf(event: ExtractionEvent): { fundId?: string } {
  return event.type === 'ClaimsExtracted' && event.data.fundIds.length === 1
    ? { fundId: event.data.fundIds[0] }
    : {};
}

function statedValuesOf(set: ClaimSet): StatedValue[] {
  return set.claims.map((claim) => ({ key: claimKey(claim), value: claim.value }));
}

function amendmentLink(
  amendment: StatedValue[],
  original: StatedValue[],
  originalArtefact: ArtefactInRun,
  filingKey: string,
): AmendmentLink {
  return {
    ...compareAmendment(amendment, original),
    originalArtefactId: originalArtefact.artefactId,
    originalSha256: originalArtefact.sha256,
    filingKey,
  };
}
