import type { CycleKind, MissingRequiredArtefact, PinnedPolicyVersions } from '@fai/contracts';
import type { Projection } from '@fai/projections';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventCodec } from '../../infrastructure/event-codec';
import { instantColumn } from '../../infrastructure/instant-column';
import type { CycleEvent } from '../cycle.decider';
import { isCycleEvent } from '../cycle-events';
import { evolveCycleOverview, type CycleOverview } from './cycle-overview.projection';

/** Table `cycle_overview`: one row per cycle (portfolio, period, kind, current run, stage, state, timings). */
@Entity({ name: 'cycle_overview' })
export class CycleOverviewRow implements CycleOverview {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId!: string;

  @Column({ name: 'portfolio_id', type: 'text' })
  portfolioId!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'text' })
  kind!: CycleKind;

  @Column({ name: 'current_run_id', type: 'text', nullable: true })
  currentRunId!: string | null;

  @Column({ name: 'current_run_number', type: 'int' })
  currentRunNumber!: number;

  @Column({ type: 'text', nullable: true })
  stage!: CycleOverview['stage'];

  @Column({ type: 'text' })
  state!: CycleOverview['state'];

  @Column({ name: 'publication_blocked', type: 'boolean' })
  publicationBlocked!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  failure!: CycleOverview['failure'];

  @Column({ name: 'missing_artefacts', type: 'jsonb' })
  missingArtefacts!: MissingRequiredArtefact[];

  @Column({ name: 'pinned_policy_versions', type: 'jsonb' })
  pinnedPolicyVersions!: PinnedPolicyVersions;

  @Column(instantColumn('opened_at'))
  openedAt!: string;

  @Column(instantColumn('run_started_at', { nullable: true }))
  runStartedAt!: string | null;

  @Column(instantColumn('stage_started_at', { nullable: true }))
  stageStartedAt!: string | null;

  @Column(instantColumn('completed_at', { nullable: true }))
  completedAt!: string | null;

  @Column(instantColumn('last_stalled_at', { nullable: true }))
  lastStalledAt!: string | null;

  @Column(instantColumn('updated_at'))
  updatedAt!: string;
}

export function cycleOverviewProjection(codec: EventCodec): Projection {
  return {
    name: 'cycle_overview',
    entities: [CycleOverviewRow],
    handles: isCycleEvent,
    async apply(stored, manager) {
      const event = codec.decode<CycleEvent>(stored);
      const rows = manager.getRepository(CycleOverviewRow);
      const current = await rows.findOneBy({ cycleId: event.data.cycleId });
      const next = evolveCycleOverview(current, event);
      if (next && next !== current) await rows.upsert(next, ['cycleId']);
    },
  };
}
