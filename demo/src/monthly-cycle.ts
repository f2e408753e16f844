import { randomUUID } from 'node:crypto';
import {
  activatePolicyV1,
  actOnExceptionV1,
  approveV1,
  openAdhocCycleV1,
  publishFundV1,
  registerPortfolioV1,
  setExpectedInventoryV1,
  submitForReviewV1,
  type AnyCommandContract,
  type ErrorBody,
} from '@fai/contracts';
import { expectedInventoryWithOptional, type SampleDocument, type SamplePortfolio } from '@fai/sample-data';
import { DemoRequestRefusedError, DemoStageFailedError } from './demo-errors';
import type { EmbeddedFai } from './embedded-fai';
import { until, type SeenEvent } from './event-feed';

/** The demo's people: the operator runs the cycle; four eyes: the analyst submits, a different reviewer approves. */
export const DEMO_USERS = {
  operator: 'demo-operator',
  analyst: 'demo-analyst',
  reviewer: 'demo-reviewer',
  administrator: 'demo-administrator',
} as const;

const POLICIES = ['ruleset@2', 'materiality@1', 'source-policy@1'];
// A whole run in one process on a small machine: 12 documents extracted, memos rendered, packs zipped.
const RUN_MS = 600_000;
const STEP_MS = 120_000;

const T = {
  draftsCompleted: 'fai.reporting.drafts-completed.v1',
  runCompleted: 'fai.scheduler.run-completed.v1',
  exceptionRaised: 'fai.validation.exception-raised.v1',
  memoDrafted: 'fai.reporting.memo-drafted.v1',
  packBuilt: 'fai.reporting.evidence-pack-built.v1',
  deltas: 'fai.validation.fund-deltas-computed.v1',
  reportPublished: 'fai.reporting.report-published.v1',
};
const FAILED = [
  'fai.ingest.ingest-stage-failed.v1',
  'fai.extraction.extraction-stage-failed.v1',
  'fai.validation.validation-stage-failed.v1',
  'fai.reporting.reporting-stage-failed.v1',
  'fai.scheduler.run-failed.v1',
];

/** What one period's cycle produced, for the output folder and the summary. */
export interface PeriodOutcome {
  period: string;
  cycleId: string;
  runId: string;
  published: SeenEvent[];
  exceptions: SeenEvent[];
  resolved: Array<{ exceptionId: string; title: string; rationale: string }>;
  deltas: SeenEvent[];
  packs: SeenEvent[];
}

/**
 * The monthly cycle as its users drive it, through the services' public doors only: commands on the
 * command bus, uploads through ingest's HTTP intake, and the events a downstream subscriber sees.
 */
export class MonthlyCycle {
  constructor(
    private readonly fai: EmbeddedFai,
    private readonly sample: SamplePortfolio,
    /** Narrates what the demo's users do, beside the events' own progress lines. */
    private readonly say: (line: string) => void,
  ) {}

  /** The administrator activates the policies; the operator registers the portfolio and what each fund sends. */
  async setUp(): Promise<void> {
    for (const policyId of POLICIES)
      await this.send(activatePolicyV1, {
        commandId: randomUUID(),
        actor: DEMO_USERS.administrator,
        actorRoles: ['administrator'],
        policyId,
        rationale: 'FAI demo: the shipped policies',
      });
    await this.send(registerPortfolioV1, { ...this.command(), ...this.sample.manifest.portfolio });
    await this.send(setExpectedInventoryV1, {
      ...this.command(),
      ...expectedInventoryWithOptional(this.sample.manifest),
    });
  }

  /** One period from opening the cycle to every fund published. */
  async run(period: string): Promise<PeriodOutcome> {
    const missing = this.sample.manifest.scenarios.missingArtefact;
    if (missing?.period === period) {
      this.say(
        `${DEMO_USERS.operator}: ${missing.fundId} sends no ${missing.artefactType} for ${period}; no longer required`,
      );
      await this.send(setExpectedInventoryV1, {
        ...this.command(),
        ...expectedInventoryWithOptional(this.sample.manifest, missing),
      });
    }
    const { cycleId, runId } = await this.send<{ cycleId: string; runId: string }>(openAdhocCycleV1, {
      ...this.command(),
      portfolioId: this.sample.manifest.portfolio.portfolioId,
      period,
    });
    for (const document of this.sample.documents.filter((doc) => doc.period === period))
      await this.upload(document, cycleId);
    const outcome = await this.fai.events.waitForAny([T.draftsCompleted, ...FAILED], { runId }, RUN_MS);
    if (outcome.type !== T.draftsCompleted) throw new DemoStageFailedError(outcome.type, outcome.data);

    const exceptions = this.fai.events.of(T.exceptionRaised, { runId });
    const resolved = await this.resolveBlocking(exceptions);
    const funds = this.sample.manifest.portfolio.funds.map((fund) => fund.fundId);
    for (const fundId of funds) await this.fai.events.waitFor(T.packBuilt, { runId, fundId }, STEP_MS);
    for (const fundId of funds) await this.approveAndPublish(cycleId, fundId);
    const published = await this.fai.events.waitFor(T.reportPublished, { cycleId }, STEP_MS, funds.length);
    await this.fai.events.waitFor(T.runCompleted, { runId }, STEP_MS);
    return {
      period,
      cycleId,
      runId,
      published,
      exceptions,
      resolved,
      deltas: this.fai.events.of(T.deltas, { runId }),
      packs: this.fai.events.of(T.packBuilt, { runId }),
    };
  }

  /**
   * A reviewer decides each blocking exception. The demo accepts the source policy's suggestion
   * (the filed N-PORT over the factsheet), saying why, as a reviewer would after reading the evidence.
   */
  private async resolveBlocking(exceptions: SeenEvent[]) {
    const resolved = [];
    for (const exception of exceptions.filter((event) => event.data.blocking === true)) {
      const rationale =
        'Demo reviewer: the filed N-PORT is the source of record; the factsheet was produced before the final NAV.';
      this.say(`${DEMO_USERS.reviewer}: accepts the suggestion for "${exception.data.title}"`);
      await this.send(actOnExceptionV1, {
        commandId: randomUUID(),
        actor: DEMO_USERS.reviewer,
        actorRoles: ['reviewer'],
        exceptionId: exception.data.exceptionId,
        action: 'accept',
        rationale,
      });
      resolved.push({
        exceptionId: String(exception.data.exceptionId),
        title: String(exception.data.title),
        rationale,
      });
      await this.fai.events.waitFor(
        T.memoDrafted,
        { runId: exception.data.runId, fundId: exception.data.fundId },
        STEP_MS,
      );
    }
    return resolved;
  }

  /** Analyst submits, reviewer approves (separation of duties), operator publishes. */
  private async approveAndPublish(cycleId: string, fundId: string): Promise<void> {
    const workflow = (actor: string) => ({
      commandId: randomUUID(),
      actor,
      cycleId,
      fundId,
      notes: `${actor}: read the memo and its evidence pack`,
    });
    this.say(
      `${DEMO_USERS.analyst} submits ${fundId}; ${DEMO_USERS.reviewer} approves; ${DEMO_USERS.operator} publishes`,
    );
    await this.send(submitForReviewV1, workflow(DEMO_USERS.analyst));
    // Approval learns the draft's evidence pack and the run's operator from events: until then it refuses.
    await this.retrying(`${fundId} approved`, ['EVIDENCE_INCOMPLETE', 'RUN_OPERATOR_UNKNOWN'], () =>
      this.send(approveV1, workflow(DEMO_USERS.reviewer)),
    );
    // Reporting learns the approval from approval's FundApproved.
    await this.retrying(`${fundId} published`, ['PUBLICATION_NOT_APPROVED'], () =>
      this.send(publishFundV1, { ...this.command(), cycleId, fundId }),
    );
  }

  /** Ingest learns a cycle from the scheduler's events: an upload before that is refused, and sent again. */
  private async upload(document: SampleDocument, cycleId: string): Promise<void> {
    await until(`${document.fileName} accepted`, STEP_MS, async () => {
      const form = new FormData();
      form.set('portfolioId', this.sample.manifest.portfolio.portfolioId);
      form.set('cycleId', cycleId);
      form.set('fundId', document.fundId);
      form.set(
        'file',
        new Blob([new Uint8Array(document.content)], { type: document.mediaType }),
        document.fileName,
      );
      const response = await fetch(`${this.fai.intakeUrl}/artefacts`, {
        method: 'POST',
        headers: { 'x-fai-actor': DEMO_USERS.operator },
        body: form,
      });
      const body = (await response.json()) as Partial<ErrorBody>;
      if (response.ok) return body;
      if (body.code === 'ARTEFACT_NO_OPEN_CYCLE') return undefined;
      throw new DemoRequestRefusedError(
        `uploading ${document.fileName}`,
        response.status,
        JSON.stringify(body),
      );
    });
  }

  private async retrying<T>(step: string, notYet: string[], attempt: () => Promise<T>): Promise<T> {
    return until(step, STEP_MS, () =>
      attempt().catch((error: { code?: string }) => {
        if (error.code && notYet.includes(error.code)) return undefined;
        throw error;
      }),
    );
  }

  private command() {
    return { commandId: randomUUID(), actor: DEMO_USERS.operator, reason: 'FAI demo monthly cycle' };
  }

  private send<TReply>(contract: AnyCommandContract, request: unknown): Promise<TReply> {
    return this.fai.commands.send<TReply>(contract.subject, request);
  }
}
