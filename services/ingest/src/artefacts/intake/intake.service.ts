import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { IntakeReply } from '@fai/contracts';
import {
  StreamVersionConflictError,
  type EventStore,
  type SqlDatabase,
  type SqlExecutor,
} from '@fai/event-store';
import { currentLogContext } from '@fai/observability';
import type { Logger } from 'winston';
import { classifyArtefact, DEFAULT_CLASSIFICATION_LIMITS } from '../../classification/artefact.classifier';
import { validateFileName } from '../../classification/file-name.validator';
import type { IngestRepository } from '../../infrastructure/ingest.repository';
import { byStream, newEvents, type Causation } from '../../infrastructure/new-events';
import type { InventoryLedger } from '../../inventory/inventory.ledger';
import type { ArtefactFacts } from '../../inventory/inventory.decider';
import {
  decideIntake,
  artefactStreamId,
  intakeStreamId,
  refuseIntake,
  type IngestArtefact,
  type IntakeContent,
  type IntakeEvent,
  type IntakeSource,
  type IntakeState,
} from '../artefact.decider';
import { ArtefactRefusedError, type ArtefactStore } from '@fai/artefact-store';
import { intakeContent } from './intake-content';
import { backOff, type BackoffOptions } from 'exponential-backoff';

export interface IntakeRequest extends IntakeSource {
  fileName: string;
  /** The content type the sender claimed; checked against the bytes, never trusted. */
  declaredMediaType?: string;
}

export interface IntakeOptions {
  /** Reads the content, whole, refusing it (ARTEFACT_TOO_LARGE, ARTEFACT_EMPTY) past the size limit. */
  read: () => Promise<Buffer>;
  /** False when the bytes are in the artefact store already (registration). */
  store: boolean;
}

/**
 * Intakes of one run race on its inventory stream (and of one document on its artefact stream): the
 * loser decides again after a short random pause, so that parallel uploads spread out instead of
 * colliding again at once.
 */
const RACE_RETRY: BackoffOptions = {
  numOfAttempts: 8,
  startingDelay: 5,
  timeMultiple: 2,
  maxDelay: 500,
  jitter: 'full',
};

/**
 * One intake, whatever the channel. The order is what keeps a refused upload from leaving anything
 * behind: the content is read whole into memory (bounded by the size limit, which the channels
 * enforce while reading), hashed, checked and classified, and decided on against what ingest knows;
 * only an accepted intake puts the bytes into the artefact store, and only then are its events
 * appended, with the registry, intake and inventory rows, in one transaction.
 *
 * A crash between storing the bytes and committing leaves content-addressed bytes no event names:
 * invisible (nothing refers to them) and reused by the next intake of the same bytes.
 */
export class IntakeService {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: EventStore,
    private readonly repository: IngestRepository,
    private readonly inventories: InventoryLedger,
    private readonly artefacts: ArtefactStore,
    private readonly maxBytes: number,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  async intake(request: IntakeRequest, options: IntakeOptions): Promise<IntakeReply> {
    const earlier = await this.repository.findIntakeReply(request.intakeId);
    if (earlier) return earlier;
    const now = new Date();
    let measured: { sha256: string; size: number } | undefined;
    try {
      validateFileName(request.fileName);
      const bytes = await options.read();
      measured = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
      const classification = await classifyArtefact(
        { fileName: request.fileName, content: bytes, declaredMediaType: request.declaredMediaType },
        DEFAULT_CLASSIFICATION_LIMITS,
      );
      const { fileName: _name, declaredMediaType: _declared, ...source } = request;
      const command: IngestArtefact = {
        type: 'IngestArtefact',
        data: {
          ...source,
          content: intakeContent(classification, { ...measured, fileName: request.fileName }),
        },
        metadata: { now },
      };
      // Refusals surface here, before anything is stored.
      decideIntake(command, await this.state(command));
      if (options.store) await this.artefacts.put(Readable.from([bytes]), { maxBytes: this.maxBytes });
      const reply = await this.commit(command);
      this.logger.info('artefact intake', { ...reply, portfolioId: request.portfolioId });
      return reply;
    } catch (error) {
      if (error instanceof ArtefactRefusedError) await this.recordRefusal(request, error, measured, now);
      throw error;
    }
  }

  private commit(command: IngestArtefact): Promise<IntakeReply> {
    return backOff(
      async () => {
        // The same intake may have committed meanwhile (a client retrying while its first request ran).
        const earlier = await this.repository.findIntakeReply(command.data.intakeId);
        if (earlier) return earlier;
        return this.db.transaction(async (tx) => {
          const state = await this.state(command, tx);
          const decided = decideIntake(command, state);
          const cause = this.causation(command.data);
          for (const [streamId, events] of byStream(decided, (event) =>
            artefactStreamId(event.data.artefactId),
          )) {
            const opens = events[0].type === 'ArtefactIngested';
            await this.events.append(streamId, newEvents(streamId, events, cause), {
              expectedVersion: opens ? 'no_stream' : 'stream_exists',
              tx,
            });
          }
          const { reply, facts } = outcome(decided, command.data.content, state);
          await this.repository.recordIntake(tx, decided, reply);
          await this.inventories.execute(
            tx,
            {
              type: 'RecordArtefact',
              data: { runId: reply.runId, intakeId: command.data.intakeId, artefact: facts },
              metadata: command.metadata,
            },
            cause,
          );
          return reply;
        });
      },
      // Another intake got there first (same bytes, same document version, same run): decide again.
      { ...RACE_RETRY, retry: (error) => isRace(error) },
    );
  }

  /** In the intake's transaction when there is one: on the embedded PGlite a read outside it would wait for it. */
  private async state({ data }: IngestArtefact, tx?: SqlExecutor): Promise<IntakeState> {
    const directory = await this.repository.loadDirectory(data.portfolioId, tx);
    if (!directory) return { artefacts: [] };
    const { content } = data;
    const artefacts = await this.repository.artefactsForIntake(
      directory.tenantId,
      content.sha256,
      content.documentType,
      content.asOf?.slice(0, 7),
      tx,
    );
    return { directory, artefacts };
  }

  private async recordRefusal(
    request: IntakeRequest,
    error: ArtefactRefusedError,
    measured: { sha256: string; size: number } | undefined,
    now: Date,
  ): Promise<void> {
    const fileNameAccepted = error.code !== 'ARTEFACT_FILENAME_INVALID';
    const refusal = refuseIntake(
      {
        ...request,
        ...(fileNameAccepted ? {} : { fileName: undefined }),
        ...measured,
      },
      error,
      now,
    );
    const streamId = intakeStreamId(request.intakeId);
    await this.events.append(streamId, newEvents(streamId, [refusal], this.causation(request)), {
      expectedVersion: 'any',
    });
    this.logger.warn('artefact intake refused', {
      portfolioId: request.portfolioId,
      intakeId: request.intakeId,
      error_code: error.code,
    });
  }

  private causation(source: IntakeSource): Causation {
    return {
      key: source.intakeId,
      correlationId: currentLogContext().correlationId ?? source.intakeId,
      actor: source.actor,
    };
  }
}

/** The reply to the sender and the artefact as the run's inventory will count it. */
function outcome(
  decided: readonly IntakeEvent[],
  content: IntakeContent,
  state: IntakeState,
): { reply: IntakeReply; facts: ArtefactFacts } {
  const first = decided[0];
  const artefact =
    first.type === 'ArtefactIngested'
      ? first.data
      : state.artefacts.find((known) => known.artefactId === first.data.artefactId)!;
  const { artefactId, sha256, fundId, documentType, period, version } = artefact;
  const { intakeId, cycleId, runId } = first.data as { intakeId: string; cycleId: string; runId: string };
  const supersedes = first.type === 'ArtefactIngested' ? first.data.supersedesArtefactId : undefined;
  const facts: ArtefactFacts = {
    artefactId,
    sha256,
    documentType,
    version,
    ...(fundId ? { fundId } : {}),
    ...(period ? { period } : {}),
  };
  const reply: IntakeReply = {
    outcome:
      first.type === 'ArtefactIntakeRecorded'
        ? 'recorded'
        : documentType === 'unknown'
          ? 'unrecognised'
          : 'ingested',
    intakeId,
    ...facts,
    ...(supersedes ? { supersedesArtefactId: supersedes } : {}),
    mediaType: content.mediaType,
    size: content.size,
    ...(content.pages ? { pages: content.pages } : {}),
    cycleId,
    runId,
  };
  return { reply, facts };
}

/** A version conflict or a unique violation: a concurrent intake committed first. */
function isRace(error: unknown): boolean {
  return error instanceof StreamVersionConflictError || (error as { code?: string }).code === '23505';
}
