import {
  FaiError,
  runExtractionCompletedV1,
  type ClaimView,
  type ExceptionRaisedV1,
  type GetClaimsReply,
  type GetClaimsRequest,
  type RunExtractionCompletedV1,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import type { EventMetadata, EventStore, SqlExecutor } from '@fai/event-store';
import type { CommandClient, ConsumedEvent, ConsumerLogger } from '@fai/messaging';
import { exceptionDecider, exceptionStreamId } from '../exceptions/exception.decider';
import { appendEvents, newEvents, readDomainEvents, type AnyEvent } from '../infrastructure/event-records';
import { eventData } from '../infrastructure/consumed-events';
import type { FundReviewRow, ValidationTables } from '../infrastructure/validation-tables';
import type { PolicyCatalogue } from '../policies/policy-catalogue';
import {
  POLICY_REGISTRY_STREAM,
  policyRegistryDecider,
  type PolicyRegistryEvent,
} from '../policies/policy-registry.decider';
import type { PinnedPolicies } from '../policies/policy-types';
import { validationRunEvents } from '../validation-run-events';
import { validateRun, type ValidationRunInput, type ValidationRunOutput } from '../validation-run';
import { pinnedIds, policyIdsOf, readyForReport } from './fund-readiness';
import { fundInputs, type FundHistory } from './run-input';
import { RunNotValidatableError } from './run-validation.errors';

/** Claims per GetClaims page: the most the query allows (a page also stops before 1 MB). */
const CLAIMS_PAGE = 1000;

export function validationRunStreamId(runId: string): string {
  return `validation-run-${runId}`;
}

/** The claims of the run, fetched before the transaction opens; or the refusal that fails the stage. */
type PreparedRun =
  | undefined
  | { run: RunExtractionCompletedV1; claims: ClaimView[] }
  | { run: RunExtractionCompletedV1; refused: FaiError };

export interface RunValidationDependencies {
  store: EventStore;
  tables: ValidationTables;
  policies: PolicyCatalogue;
  /** Sends GetClaims to extraction. */
  commands: Pick<CommandClient, 'send'>;
  /** Where extraction answers GetClaims in this deployment. */
  claimsSubject: string;
  logger?: ConsumerLogger;
}

/**
 * Validates a run once extraction has its claims: validate, compare and rank, recorded in the
 * order the scheduler and reporting read them (FundReadyForReport before ExceptionsRanked).
 * The run's own stream is created once: a redelivered or replayed RunExtractionCompleted finds it
 * and appends nothing. The validation time is the extraction's completion time, so the same
 * claims, history and pinned policies give the same events, ids and times on every replay.
 */
export class RunValidationHandler {
  constructor(private readonly deps: RunValidationDependencies) {}

  async prepare(event: ConsumedEvent): Promise<PreparedRun> {
    const run = eventData(event, runExtractionCompletedV1);
    if (!run) return undefined;
    try {
      return { run, claims: await this.claimsOf(run.runId) };
    } catch (error) {
      // Extraction refusing the query is an answer: the stage fails. No answer is retried.
      if (error instanceof FaiError && !['COMMAND_TIMEOUT', 'COMMAND_UNAVAILABLE'].includes(error.code))
        return { run, refused: error };
      throw error;
    }
  }

  async handle(event: ConsumedEvent, tx: SqlExecutor, prepared: PreparedRun): Promise<void> {
    if (!prepared) return;
    const { run } = prepared;
    const streamId = validationRunStreamId(run.runId);
    if ((await this.deps.store.streamVersion(streamId, { tx })) !== undefined) return;
    const metadata: EventMetadata = {
      correlationId: event.correlationid,
      causationId: event.id,
      portfolioId: run.portfolioId,
      cycleId: run.cycleId,
      runId: run.runId,
    };
    try {
      if ('refused' in prepared) throw prepared.refused;
      const { input, history } = await this.inputOf(tx, run, prepared.claims);
      const output = validateRun(input);
      await this.record(tx, streamId, metadata, input, history, output);
      this.deps.logger?.info('run validated', {
        cycleId: run.cycleId,
        runId: run.runId,
        funds: output.funds.length,
        exceptions: output.exceptions.length,
        blocking: output.summary.exceptions.blocking,
        alerts: output.alerts.length,
      });
    } catch (error) {
      if (!(error instanceof FaiError)) throw error;
      this.deps.logger?.warn('validation stage failed', {
        cycleId: run.cycleId,
        runId: run.runId,
        error_code: error.code,
      });
      await this.recordFailure(tx, streamId, metadata, run, error);
    }
  }

  private async claimsOf(runId: string): Promise<ClaimView[]> {
    const claims: ClaimView[] = [];
    let cursor: string | undefined;
    do {
      const request: GetClaimsRequest = {
        runId,
        limit: CLAIMS_PAGE,
        ...(cursor !== undefined && { cursor }),
      };
      const page = await this.deps.commands.send<GetClaimsReply>(this.deps.claimsSubject, request, {
        timeoutMs: 30_000,
      });
      claims.push(...page.claims);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return claims;
  }

  /** Everything validateRun needs, from the claims and validation's own tables. */
  private async inputOf(
    tx: SqlExecutor,
    run: RunExtractionCompletedV1,
    claims: ClaimView[],
  ): Promise<{ input: ValidationRunInput; history: Map<string, FundHistory> }> {
    const { tables } = this.deps;
    const cycle = await tables.cycle(tx, run.cycleId);
    if (!cycle)
      throw new RunNotValidatableError(run.runId, 'CYCLE_UNKNOWN', `cycle ${run.cycleId} was never opened`);
    const policies = await this.pinnedPolicies(tx, run.cycleId);
    const artefacts = await tables.artefacts(tx, [...new Set(claims.map((claim) => claim.artefactId))]);
    const problems = await tables.sourceProblemsOfRun(tx, run.runId);
    const fundIds = new Set([...claims.flatMap((claim) => claim.fundId ?? []), ...problems.keys()]);
    const history = new Map<string, FundHistory>();
    for (const fundId of fundIds) {
      const snapshot = await tables.snapshotBefore(tx, fundId, cycle.asOf);
      const previous = await tables.previousReview(tx, fundId, cycle.asOf);
      history.set(fundId, {
        ...(snapshot && { priorSnapshot: snapshot }),
        ...(previous && { priorFindings: previous.findings }),
      });
    }
    const input: ValidationRunInput = {
      portfolioId: run.portfolioId,
      cycleId: run.cycleId,
      runId: run.runId,
      asOf: cycle.asOf,
      now: new Date(run.at),
      policies,
      artefacts: artefacts.map(({ sha256, version, sourceType, origin }) => ({
        sha256,
        version,
        sourceType,
        ...(origin !== undefined && { origin }),
      })),
      funds: fundInputs({
        claims,
        documentTypes: new Map(artefacts.map((artefact) => [artefact.artefactId, artefact.documentType])),
        problems,
        history,
      }),
    };
    return { input, history };
  }

  private async pinnedPolicies(tx: SqlExecutor, cycleId: string): Promise<PinnedPolicies> {
    const { events } = await readDomainEvents<PolicyRegistryEvent>(
      this.deps.store,
      tx,
      POLICY_REGISTRY_STREAM,
    );
    const pins = fold(policyRegistryDecider, events).pins[cycleId];
    if (!pins)
      throw new RunNotValidatableError(
        cycleId,
        'CYCLE_POLICIES_NOT_PINNED',
        `cycle ${cycleId} pinned no policies`,
      );
    return this.deps.policies.pinned(pinnedIds(pins));
  }

  private async record(
    tx: SqlExecutor,
    streamId: string,
    metadata: EventMetadata,
    input: ValidationRunInput,
    history: ReadonlyMap<string, FundHistory>,
    output: ValidationRunOutput,
  ): Promise<void> {
    const { store, tables } = this.deps;
    const stages = validationRunEvents(output);
    const policies = policyIdsOf(input.policies);
    const ready = readyForReport(output, policies);
    const first: AnyEvent[] = [
      ...stages.validate.fundsValidated.map((data) => ({ type: 'FundValidated', data })),
      { type: 'ValidationSummarised', data: stages.validate.summary },
      { type: 'ValidationCompleted', data: stages.validate.completed },
      ...stages.compare.fundDeltas.map((data) => ({ type: 'FundDeltasComputed', data })),
      { type: 'DeltasComputed', data: stages.compare.completed },
    ];
    const last: AnyEvent[] = [
      ...stages.rank.alerts.map((data) => ({ type: 'AlertRaised', data })),
      ...ready.map((data) => ({ type: 'FundReadyForReport', data })),
      { type: 'ExceptionsRanked', data: stages.rank.completed },
    ];
    const { nextExpectedVersion } = await store.append(
      streamId,
      newEvents(streamId, first, metadata, runEventKey),
      {
        expectedVersion: 'no_stream',
        tx,
      },
    );
    for (const exception of stages.rank.exceptions) await this.raise(tx, exception, metadata);
    await appendEvents(
      store,
      tx,
      streamId,
      newEvents(streamId, last, metadata, runEventKey),
      nextExpectedVersion,
    );

    const at = output.summary.at;
    await tables.recordRun(tx, {
      runId: output.runId,
      portfolioId: output.portfolioId,
      cycleId: output.cycleId,
      asOf: output.asOf,
      outcome: 'validated',
      policies,
      input: { ...input, policies: undefined, now: at },
      validatedAt: at,
    });
    const readyAt = new Map(ready.map((event) => [event.fundId, event.at]));
    for (const fund of output.funds) {
      const review: FundReviewRow = {
        runId: output.runId,
        fundId: fund.fundId,
        portfolioId: output.portfolioId,
        cycleId: output.cycleId,
        asOf: output.asOf,
        baseline: fund.baseline,
        completeness: fund.completeness,
        fields: fund.fields,
        checks: fund.checks,
        deltas: fund.deltas,
        findings: fund.findings,
        validatedAt: at,
        ...(readyAt.has(fund.fundId) && { readyAt: readyAt.get(fund.fundId) }),
      };
      const prior = history.get(fund.fundId)?.priorSnapshot;
      if (prior && !fund.baseline) review.priorSnapshot = { cycleId: prior.cycleId, runId: prior.runId };
      await tables.recordFundReview(tx, review);
    }
    const deltaCategory = new Map(
      output.funds.flatMap((fund) => fund.deltas.map((delta) => [delta.deltaId, delta.category])),
    );
    for (const exception of stages.rank.exceptions) {
      await tables.recordException(tx, exception, exception.deltaId && deltaCategory.get(exception.deltaId));
    }
    for (const alert of stages.rank.alerts) await tables.recordAlert(tx, alert);
  }

  private async raise(tx: SqlExecutor, exception: ExceptionRaisedV1, metadata: EventMetadata): Promise<void> {
    const streamId = exceptionStreamId(exception.exceptionId);
    const { events, version } = await readDomainEvents<Parameters<typeof exceptionDecider.evolve>[1]>(
      this.deps.store,
      tx,
      streamId,
    );
    const decided = exceptionDecider.decide(
      { type: 'RaiseException', data: { exception }, metadata: { now: new Date(exception.at) } },
      fold(exceptionDecider, events),
    );
    await appendEvents(
      this.deps.store,
      tx,
      streamId,
      newEvents(streamId, decided, { ...metadata, fundId: exception.fundId }, () => ''),
      version,
    );
  }

  private async recordFailure(
    tx: SqlExecutor,
    streamId: string,
    metadata: EventMetadata,
    run: RunExtractionCompletedV1,
    error: FaiError,
  ): Promise<void> {
    const failed: AnyEvent = {
      type: 'ValidationStageFailed',
      data: {
        portfolioId: run.portfolioId,
        cycleId: run.cycleId,
        runId: run.runId,
        stage: 'validate',
        errorCode: error.code,
        diagnostics: {
          message: error.message,
          hint: error.hint,
          ...(error.details && { details: error.details }),
        },
        at: run.at,
      },
    };
    await appendEvents(
      this.deps.store,
      tx,
      streamId,
      newEvents(streamId, [failed], metadata, runEventKey),
      'no_stream',
    );
    await this.deps.tables.recordRun(tx, {
      runId: run.runId,
      portfolioId: run.portfolioId,
      cycleId: run.cycleId,
      asOf: (await this.deps.tables.cycle(tx, run.cycleId))?.asOf ?? run.at.slice(0, 10),
      outcome: 'failed',
      validatedAt: run.at,
    });
  }
}

/** Within a run's stream: one event per fund, alert, or stage. */
export function runEventKey(event: AnyEvent): string {
  const data = event.data as { fundId?: string; alertId?: string };
  return data.alertId ?? data.fundId ?? '';
}
