import {
  FaiError,
  type ActivatePolicyReply,
  type ActivatePolicyRequest,
  type CycleOpenedV1,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import type { EventMetadata, EventStore, SqlDatabase, SqlExecutor } from '@fai/event-store';
import type { ConsumerLogger } from '@fai/messaging';
import { appendEvents, newEvents, readDomainEvents } from '../infrastructure/event-records';
import type { ValidationTables } from '../infrastructure/validation-tables';
import { periodEnd } from '../run-validation/run-input';
import type { Role } from '../shared/actor';
import type { PolicyCatalogue } from './policy-catalogue';
import {
  POLICY_REGISTRY_STREAM,
  policyRegistryDecider,
  type PolicyRegistryCommand,
  type PolicyRegistryEvent,
} from './policy-registry.decider';

/**
 * The policy registry's edges: an administrator activates a version kept in the repository
 * (command), and each cycle the scheduler opens pins the versions it asked for or the active ones
 * (consumer). Both decide on the one `policy-registry` stream, at the version they read.
 */
export class PolicyRegistryHandler {
  constructor(
    private readonly deps: {
      db: SqlDatabase;
      store: EventStore;
      tables: ValidationTables;
      policies: PolicyCatalogue;
      clock: () => Date;
      logger?: ConsumerLogger;
    },
  ) {}

  async activate(request: ActivatePolicyRequest): Promise<ActivatePolicyReply> {
    const loaded = this.deps.policies.find(request.policyId);
    const metadata: EventMetadata = {
      correlationId: request.commandId,
      actor: request.actor,
      commandId: request.commandId,
    };
    const events = await this.deps.db.transaction((tx) =>
      this.decide(tx, metadata, {
        type: 'ActivatePolicyVersion',
        data: {
          policyKind: loaded.document.kind,
          version: loaded.document.version,
          contentHash: loaded.contentHash,
          actor: { userId: request.actor, roles: request.actorRoles as Role[] },
          rationale: request.rationale,
        },
        metadata: { now: this.deps.clock() },
      }),
    );
    const activated = events.find((event) => event.type === 'PolicyVersionActivated')!.data;
    return {
      policyId: activated.policyId,
      contentHash: activated.contentHash,
      ...(activated.previousPolicyId !== undefined && { previousPolicyId: activated.previousPolicyId }),
    };
  }

  /**
   * Pins the cycle's policies. A cycle that cannot pin (nothing active, an unknown version) is
   * logged and left unpinned: validating its run then fails the validate stage with the reason.
   */
  async cycleOpened(tx: SqlExecutor, opened: CycleOpenedV1, metadata: EventMetadata): Promise<void> {
    await this.deps.tables.recordCycle(tx, {
      cycleId: opened.cycleId,
      portfolioId: opened.portfolioId,
      period: opened.period,
      asOf: periodEnd(opened.period),
    });
    await tx.query('SAVEPOINT pin_cycle');
    try {
      await this.decide(tx, metadata, {
        type: 'PinCyclePolicies',
        data: { cycleId: opened.cycleId, requested: opened.pinnedPolicyVersions },
        metadata: { now: new Date(opened.at) },
      });
      await tx.query('RELEASE SAVEPOINT pin_cycle');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT pin_cycle');
      if (!(error instanceof FaiError)) throw error;
      this.deps.logger?.warn('cycle policies not pinned', {
        cycleId: opened.cycleId,
        error_code: error.code,
      });
    }
  }

  private async decide(
    tx: SqlExecutor,
    metadata: EventMetadata,
    command: PolicyRegistryCommand,
  ): Promise<PolicyRegistryEvent[]> {
    const { events, history, version } = await readDomainEvents<PolicyRegistryEvent>(
      this.deps.store,
      tx,
      POLICY_REGISTRY_STREAM,
    );
    // The same command again (a client retry) gets what it decided the first time.
    const sent = events.filter(
      (_, index) => metadata.commandId && history[index].metadata.commandId === metadata.commandId,
    );
    if (sent.length > 0) return sent;
    const decided = policyRegistryDecider.decide(command, fold(policyRegistryDecider, events));
    const key = `${version}`;
    await appendEvents(
      this.deps.store,
      tx,
      POLICY_REGISTRY_STREAM,
      newEvents(POLICY_REGISTRY_STREAM, decided, metadata, () => key),
      version,
    );
    return decided;
  }
}
