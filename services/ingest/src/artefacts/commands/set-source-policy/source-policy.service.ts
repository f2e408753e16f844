import type { SetSourcePolicyRequest, SourcePolicySetV1 } from '@fai/contracts';
import type { EventStore, SqlDatabase } from '@fai/event-store';
import type { DirectoryUpdater } from '../../../directory/directory.updater';
import type { IngestRepository } from '../../../infrastructure/ingest.repository';
import { newEvents } from '../../../infrastructure/new-events';
import { ArtefactUnknownPortfolioError } from '../../intake-errors';
import { nextSourcePolicy } from '../../source-policy';

export interface SourcePolicyReply {
  portfolioId: string;
  sourcePolicyId: string;
  version: number;
}

export function sourcePolicyStreamId(portfolioId: string): string {
  return `source-policy-${portfolioId}`;
}

/**
 * Publishes a new version of a portfolio's source policy (stream `source-policy-<portfolioId>`),
 * folding it into the directory in the same transaction so the next intake applies it. The same
 * command id again answers with the version it made the first time.
 */
export class SourcePolicyService {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: EventStore,
    private readonly repository: IngestRepository,
    private readonly directory: DirectoryUpdater,
  ) {}

  async set(request: SetSourcePolicyRequest, now = new Date()): Promise<SourcePolicyReply> {
    const { portfolioId, commandId, actor, reason } = request;
    const streamId = sourcePolicyStreamId(portfolioId);
    const recorded = await this.events.readStream(streamId);
    const cause = { key: commandId, correlationId: commandId, actor };
    const { sourcePolicyId, version } = nextSourcePolicy(
      portfolioId,
      recorded.map((event) => event.data as SourcePolicySetV1),
      request.rules,
    );
    const decided = {
      type: 'SourcePolicySet',
      data: {
        portfolioId,
        sourcePolicyId,
        version,
        rules: [...request.rules],
        ...(request.retention ? { retention: [...request.retention] } : {}),
        // Ingest keeps no outputs: reporting reads these from the event.
        ...(request.outputRetention ? { outputRetention: [...request.outputRetention] } : {}),
        actor,
        reason,
        at: now.toISOString(),
      },
    };
    const [event] = newEvents(streamId, [decided], cause);
    const earlier = recorded.find((stored) => stored.eventId === event.eventId);
    if (earlier) return replyOf(earlier.data as SourcePolicySetV1);
    if (!(await this.repository.loadDirectory(portfolioId)))
      throw new ArtefactUnknownPortfolioError(portfolioId);
    await this.db.transaction(async (tx) => {
      await this.events.append(streamId, [event], {
        expectedVersion: recorded.at(-1)?.streamVersion ?? 'no_stream',
        tx,
      });
      await this.directory.record({ type: 'SourcePolicySet', data: decided.data }, tx);
    });
    return replyOf(decided.data);
  }
}

function replyOf({ portfolioId, sourcePolicyId, version }: SourcePolicySetV1): SourcePolicyReply {
  return { portfolioId, sourcePolicyId, version };
}
