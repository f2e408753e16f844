import {
  DryRunNothingToCompareError,
  type DryRunPolicyReply,
  type DryRunPolicyRequest,
} from '@fai/contracts';
import type { SqlExecutor } from '@fai/event-store';
import { dryRun, type CandidatePolicies } from '../dry-run';
import type { RunRow, ValidationTables } from '../infrastructure/validation-tables';
import type { PolicyCatalogue } from '../policies/policy-catalogue';
import type { MaterialityPolicy, RulesetPolicy, LoadedPolicy } from '../policies/policy-types';
import type { ValidationRunInput } from '../validation-run';

const DEFAULT_CYCLES = 3;

/** A recorded run's input under the policies it was validated with: the replay of that run. */
export function recordedInput(run: RunRow, policies: PolicyCatalogue): ValidationRunInput {
  const input = run.input as Omit<ValidationRunInput, 'policies' | 'now'> & { now: string };
  const pinned = run.policies!;
  return {
    ...input,
    now: new Date(input.now),
    policies: policies.pinned({
      rulesetId: pinned.ruleset,
      materialityId: pinned.materiality,
      sourcePolicyId: pinned.sourcePolicy,
    }),
  };
}

/** DryRunPolicy: past runs re-validated under a candidate version and compared; nothing is recorded. */
export class DryRunQuery {
  constructor(
    private readonly db: SqlExecutor,
    private readonly tables: ValidationTables,
    private readonly policies: PolicyCatalogue,
  ) {}

  async run(request: DryRunPolicyRequest): Promise<DryRunPolicyReply> {
    const candidate: CandidatePolicies = {
      ...(request.rulesetId && {
        ruleset: this.policies.get('ruleset', request.rulesetId) as LoadedPolicy<RulesetPolicy>,
      }),
      ...(request.materialityId && {
        materiality: this.policies.get(
          'materiality',
          request.materialityId,
        ) as LoadedPolicy<MaterialityPolicy>,
      }),
    };
    const runs = await this.tables.validatedRuns(this.db, {
      ...(request.runIds && { runIds: request.runIds }),
      ...(request.portfolioId && { portfolioId: request.portfolioId }),
      lastCycles: request.lastCycles ?? DEFAULT_CYCLES,
    });
    if (runs.length === 0 || (!candidate.ruleset && !candidate.materiality))
      throw new DryRunNothingToCompareError({ ...request });
    return dryRun(
      candidate,
      runs.map((run) => recordedInput(run, this.policies)),
    );
  }
}
