import type { RunStage } from '@fai/contracts';
import type { Projection } from '@fai/projections';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { EventCodec } from '../../infrastructure/event-codec';
import type { CycleEvent } from '../cycle.decider';
import { isCycleEvent } from '../cycle-events';
import {
  evolveRunTimeline,
  runIdOf,
  type RunTimeline,
  type RunTimelineEntry,
  type StageTiming,
} from './run-timeline.projection';

/** Table `run_timeline`: one row per run, every transition in order with its time and cause (actor or event). */
@Entity({ name: 'run_timeline' })
export class RunTimelineRow implements RunTimeline {
  @PrimaryColumn({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'cycle_id', type: 'text' })
  cycleId!: string;

  @Column({ name: 'run_number', type: 'int' })
  runNumber!: number;

  @Column({ name: 'replaces_run_id', type: 'text', nullable: true })
  replacesRunId!: string | null;

  @Column({ type: 'jsonb' })
  stages!: Partial<Record<RunStage, StageTiming>>;

  @Column({ type: 'jsonb' })
  entries!: RunTimelineEntry[];
}

export function runTimelineProjection(codec: EventCodec): Projection {
  return {
    name: 'run_timeline',
    entities: [RunTimelineRow],
    handles: (type) => type !== 'CycleOpened' && isCycleEvent(type),
    async apply(stored, manager) {
      const event = codec.decode<CycleEvent>(stored);
      const runId = runIdOf(event);
      if (runId === null) return;
      const rows = manager.getRepository(RunTimelineRow);
      const current = await rows.findOneBy({ runId });
      const next = evolveRunTimeline(current, event);
      // The entries' `detail` is free-form jsonb, which TypeORM's partial-entity type cannot express.
      if (next && next !== current)
        await rows.upsert(next as QueryDeepPartialEntity<RunTimelineRow>, ['runId']);
    },
  };
}
