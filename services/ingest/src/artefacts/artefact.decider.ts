import type {
  ArtefactIngestedV1,
  ArtefactIntakeRecordedV1,
  ArtefactRefusedV1,
  ArtefactSupersededV1,
  ArtefactUnrecognisedV1,
  DocumentType,
  ErrorBody,
  SourceType,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { v5 as uuidv5 } from 'uuid';
import {
  acceptsIntake,
  evolveDirectory,
  type CycleView,
  type DirectoryFact,
  type PortfolioDirectory,
} from '../directory/directory';
import {
  ArtefactCycleClosedError,
  ArtefactFundAmbiguousError,
  ArtefactNoOpenCycleError,
  ArtefactPeriodOutsideCycleError,
  ArtefactUnknownCycleError,
  ArtefactUnknownFundError,
  ArtefactUnknownPortfolioError,
  RetrievalTimeRequiredError,
  SourceNotAllowedError,
} from './intake-errors';
import {
  DEFAULT_RETENTION_CLASS,
  defaultSourcePolicy,
  permittingRule,
  type SourcePolicy,
} from './source-policy';

/*
 * Intake decisions: what one incoming file becomes, or why it is refused. Pure: the content has been
 * read, hashed and classified at the edge; the portfolio's directory and the tenant's artefacts of the
 * same bytes or the same document come in as state; time comes with the command.
 *
 * - The same bytes (sha256) in a tenant are one artefact: a second intake is recorded, nothing stored.
 * - A different file for the same (fund, documentType, period) is the next version and supersedes
 *   the latest one; both stay.
 * - Unrecognised content is kept as an artefact and raised to an operator, never dropped.
 * - Refusals are typed errors (policy, portfolio, cycle, period, fund); the edge records each as
 *   ArtefactRefused (see `refuseIntake`) with nothing stored.
 */

/** What the bytes are, as read at the edge (sha256 and size measured, media type sniffed, content classified). */
export interface IntakeContent {
  sha256: string;
  size: number;
  fileName: string;
  mediaType: string;
  pages?: number;
  documentType: DocumentType | 'unknown';
  identifiers: ArtefactIngestedV1['identifiers'];
  /** YYYY-MM-DD: the date the document speaks as of. */
  asOf?: string;
  /** Why the content was not recognised. */
  reason?: string;
}

export interface IntakeSource {
  intakeId: string;
  portfolioId: string;
  /** Absent: the portfolio's open cycle for the document's period. */
  cycleId?: string;
  /** The fund as the sender named it, checked against the document's own identifiers. */
  fundId?: string;
  sourceType: SourceType;
  origin: string;
  actor: string;
  retrievedAt?: string;
}

export type IngestArtefact = Command<'IngestArtefact', IntakeSource & { content: IntakeContent }>;

export type IntakeEvent =
  | Event<'ArtefactIngested', ArtefactIngestedV1>
  | Event<'ArtefactSuperseded', ArtefactSupersededV1>
  | Event<'ArtefactIntakeRecorded', ArtefactIntakeRecordedV1>
  | Event<'ArtefactUnrecognised', ArtefactUnrecognisedV1>;

export type IntakeFact = IntakeEvent | DirectoryFact;

export interface ArtefactView {
  artefactId: string;
  tenantId: string;
  sha256: string;
  fundId?: string;
  documentType: ArtefactIngestedV1['documentType'];
  period?: string;
  version: number;
  supersededByArtefactId?: string;
}

export interface IntakeState {
  /** The portfolio the intake names, as ingest knows it. */
  directory?: PortfolioDirectory;
  /** The tenant's artefacts that matter to this intake: the same bytes, or the same document type and period. */
  artefacts: readonly ArtefactView[];
}

const ARTEFACT_NAMESPACE = '4f1c8f0e-2b7a-4d0c-9a55-6b3e1d2c7f90';

/** The same bytes in a tenant always get the same id: that is what makes a re-intake one artefact. */
export function artefactIdFor(tenantId: string, sha256: string): string {
  return `art-${uuidv5(`${tenantId}/${sha256}`, ARTEFACT_NAMESPACE)}`;
}

export function artefactStreamId(artefactId: string): string {
  return `artefact-${artefactId}`;
}

export const artefactDecider: Decider<IngestArtefact, IntakeFact, IntakeState> = {
  decide(command, state) {
    switch (command.type) {
      case 'IngestArtefact':
        return decideIntake(command, state);
      default:
        return assertNever(command.type, 'intake command');
    }
  },
  evolve,
  initialState: () => ({ artefacts: [] }),
};

/** The intake decision, typed to the events it can produce. */
export function decideIntake({ data, metadata }: IngestArtefact, state: IntakeState): IntakeEvent[] {
  const { content } = data;
  const directory = state.directory;
  if (!directory || directory.portfolioId !== data.portfolioId)
    throw new ArtefactUnknownPortfolioError(data.portfolioId);
  if (data.sourceType === 'online' && !data.retrievedAt) throw new RetrievalTimeRequiredError();
  const period = content.asOf?.slice(0, 7);
  const cycle = targetCycle(directory, data.cycleId, period);
  const run = cycle.run!;
  const policy = sourcePolicyOf(directory, cycle);
  const rule = permittingRule(policy, data.sourceType, data.origin);
  if (!rule) throw new SourceNotAllowedError(data.sourceType, data.origin, policy.sourcePolicyId);

  const at = metadata.now.toISOString();
  const { tenantId, portfolioId } = directory;
  const retrievedAt = data.retrievedAt ? { retrievedAt: data.retrievedAt } : {};
  const intake = {
    intakeId: data.intakeId,
    tenantId,
    portfolioId,
    cycleId: cycle.cycleId,
    runId: run.runId,
    sourceType: data.sourceType,
    origin: data.origin,
    actor: data.actor,
    fileName: content.fileName,
    ...retrievedAt,
    at,
  };
  const artefactId = artefactIdFor(tenantId, content.sha256);
  if (state.artefacts.some((artefact) => artefact.artefactId === artefactId)) {
    return [{ type: 'ArtefactIntakeRecorded', data: { artefactId, sha256: content.sha256, ...intake } }];
  }

  const recognised = content.documentType !== 'unknown';
  const fundId = resolveFund(directory, content, data.fundId, recognised);
  const latest = recognised
    ? latestVersion(state.artefacts, tenantId, fundId!, content.documentType, period)
    : undefined;
  const ingested: ArtefactIngestedV1 = {
    artefactId,
    ...intake,
    sha256: content.sha256,
    version: (latest?.version ?? 0) + 1,
    ...(latest ? { supersedesArtefactId: latest.artefactId } : {}),
    ...(fundId ? { fundId } : {}),
    documentType: content.documentType,
    ...(recognised && period ? { period, asOf: content.asOf } : {}),
    identifiers: content.identifiers,
    mediaType: content.mediaType,
    size: content.size,
    ...(content.pages ? { pages: content.pages } : {}),
    retentionClass: rule.retentionClass ?? DEFAULT_RETENTION_CLASS,
    sourcePolicyId: policy.sourcePolicyId,
  };
  const events: IntakeEvent[] = [{ type: 'ArtefactIngested', data: ingested }];
  if (!recognised) {
    events.push({
      type: 'ArtefactUnrecognised',
      data: {
        artefactId,
        sha256: content.sha256,
        portfolioId,
        cycleId: cycle.cycleId,
        runId: run.runId,
        ...(fundId ? { fundId } : {}),
        fileName: content.fileName,
        mediaType: content.mediaType,
        reason: content.reason ?? 'content of no recognised kind',
        at,
      },
    });
  }
  if (latest) {
    events.push({
      type: 'ArtefactSuperseded',
      data: {
        artefactId: latest.artefactId,
        supersededByArtefactId: artefactId,
        tenantId,
        portfolioId,
        fundId: fundId!,
        documentType: content.documentType,
        ...(period ? { period } : {}),
        version: latest.version,
        at,
      },
    });
  }
  return events;
}

/**
 * The cycle an intake goes to. Named: it must be the portfolio's and still collecting. Otherwise the
 * open cycle of the document's own period, else the latest open cycle of a later period (where the
 * document counts as stale). A document dated after its cycle's period is refused.
 */
function targetCycle(
  directory: PortfolioDirectory,
  cycleId: string | undefined,
  period: string | undefined,
): CycleView {
  const { portfolioId } = directory;
  let cycle: CycleView | undefined;
  if (cycleId) {
    cycle = directory.cycles.find((candidate) => candidate.cycleId === cycleId);
    if (!cycle) throw new ArtefactUnknownCycleError(portfolioId, cycleId);
    if (!acceptsIntake(cycle))
      throw new ArtefactCycleClosedError(cycleId, cycle.run?.status ?? 'not started', cycle.run?.stage);
  } else {
    const open = directory.cycles.filter(acceptsIntake).sort(byPeriodThenOpening);
    if (open.length === 0) throw new ArtefactNoOpenCycleError(portfolioId);
    cycle =
      open.filter((candidate) => candidate.period === period).at(-1) ??
      open.filter((candidate) => !period || candidate.period > period).at(-1) ??
      open.at(-1)!;
  }
  if (period && period > cycle.period)
    throw new ArtefactPeriodOutsideCycleError(period, cycle.cycleId, cycle.period);
  return cycle;
}

function byPeriodThenOpening(a: CycleView, b: CycleView): number {
  return a.period.localeCompare(b.period) || a.openedAt.localeCompare(b.openedAt);
}

/** The version the cycle pinned, else the portfolio's latest, else the default allow-list. */
function sourcePolicyOf(directory: PortfolioDirectory, cycle: CycleView): SourcePolicy {
  const { sourcePolicies } = directory;
  const pinned = cycle.pinnedSourcePolicyId
    ? sourcePolicies.find((policy) => policy.sourcePolicyId === cycle.pinnedSourcePolicyId)
    : undefined;
  return pinned ?? sourcePolicies.at(-1) ?? defaultSourcePolicy(directory.portfolioId);
}

/**
 * The fund is the one the document's ISINs point at within the portfolio, or the one the sender
 * named; the two must agree. N-PORT names series and LEIs, which portfolios do not list: such a
 * document needs the sender to name its fund.
 */
function resolveFund(
  directory: PortfolioDirectory,
  content: IntakeContent,
  named: string | undefined,
  required: boolean,
): string | undefined {
  const { portfolioId, funds } = directory;
  const identifiers = { ...content.identifiers };
  if (named && !funds.some((fund) => fund.fundId === named))
    throw new ArtefactUnknownFundError(portfolioId, identifiers, named);
  const isins = new Set(content.identifiers.isins);
  const byIsin = funds
    .filter((fund) =>
      [...fund.isins, ...fund.shareClasses.map((share) => share.isin)].some(
        (isin) => isin && isins.has(isin),
      ),
    )
    .map((fund) => fund.fundId);
  if (byIsin.length > 1) throw new ArtefactFundAmbiguousError(portfolioId, byIsin);
  if (named && byIsin.length === 1 && byIsin[0] !== named)
    throw new ArtefactFundAmbiguousError(portfolioId, [named, byIsin[0]]);
  const fundId = named ?? byIsin[0];
  if (required && !fundId) throw new ArtefactUnknownFundError(portfolioId, identifiers);
  return fundId;
}

function latestVersion(
  artefacts: readonly ArtefactView[],
  tenantId: string,
  fundId: string,
  documentType: string,
  period: string | undefined,
): ArtefactView | undefined {
  return artefacts
    .filter(
      (artefact) =>
        artefact.tenantId === tenantId &&
        artefact.fundId === fundId &&
        artefact.documentType === documentType &&
        artefact.period === period,
    )
    .reduce<ArtefactView | undefined>(
      (latest, artefact) => (!latest || artefact.version > latest.version ? artefact : latest),
      undefined,
    );
}

function evolve(state: IntakeState, fact: IntakeFact): IntakeState {
  switch (fact.type) {
    case 'ArtefactIngested': {
      const { artefactId, tenantId, sha256, fundId, documentType, period, version } = fact.data;
      const view: ArtefactView = {
        artefactId,
        tenantId,
        sha256,
        documentType,
        version,
        ...(fundId ? { fundId } : {}),
        ...(period ? { period } : {}),
      };
      return { ...state, artefacts: [...state.artefacts, view] };
    }
    case 'ArtefactSuperseded':
      return {
        ...state,
        artefacts: state.artefacts.map((artefact) =>
          artefact.artefactId === fact.data.artefactId
            ? { ...artefact, supersededByArtefactId: fact.data.supersededByArtefactId }
            : artefact,
        ),
      };
    case 'ArtefactIntakeRecorded':
    case 'ArtefactUnrecognised':
      return state;
    default:
      return { ...state, directory: evolveDirectory(state.directory, fact) };
  }
}

/** What an intake attempt said about itself, for the record of a refusal. */
export interface IntakeAttempt {
  intakeId: string;
  portfolioId: string;
  cycleId?: string;
  sourceType: SourceType;
  origin: string;
  actor: string;
  /** Only a name that passed validation. */
  fileName?: string;
  declaredMediaType?: string;
  sha256?: string;
  size?: number;
}

/** The refusal of an intake as an event: nothing was stored, but the attempt and its code are on record. */
export function refuseIntake(
  attempt: IntakeAttempt,
  error: ErrorBody,
  now: Date,
): Event<'ArtefactRefused', ArtefactRefusedV1> {
  const {
    intakeId,
    portfolioId,
    cycleId,
    sourceType,
    origin,
    actor,
    fileName,
    declaredMediaType,
    sha256,
    size,
  } = attempt;
  return {
    type: 'ArtefactRefused',
    data: {
      intakeId,
      portfolioId,
      ...(cycleId ? { cycleId } : {}),
      sourceType,
      origin,
      actor,
      ...(fileName ? { fileName } : {}),
      ...(declaredMediaType ? { declaredMediaType: declaredMediaType.slice(0, 255) } : {}),
      ...(sha256 ? { sha256 } : {}),
      ...(size !== undefined ? { size } : {}),
      errorCode: error.code,
      message: error.message,
      at: now.toISOString(),
    },
  };
}

export function intakeStreamId(intakeId: string): string {
  return `intake-${intakeId}`;
}
