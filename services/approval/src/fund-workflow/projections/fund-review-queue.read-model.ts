import type { WorkflowState } from '@fai/contracts';
import type { Projection } from '@fai/projections';
import { Column, Entity, PrimaryColumn, type ColumnOptions } from 'typeorm';
import type { EventCodec } from '@fai/service-kit';
import type { FundWorkflowEvent } from '../fund-workflow.decider';
import { evolveFundReview, type FundReviewView } from './fund-review-queue.projection';

/** A `timestamptz` column holding the ISO-8601 instant the events carry. */
function instantColumn(name: string): ColumnOptions {
  return {
    name,
    type: 'timestamptz',
    nullable: true,
    transformer: {
      to: (value: string | null) => value,
      from: (value: Date | null) => (value === null ? null : value.toISOString()),
    },
  };
}

/** Table `fund_review_queue`: one row per fund and cycle, e.g. the funds awaiting review or approved in a cycle. */
@Entity({ name: 'fund_review_queue' })
export class FundReviewRow implements FundReviewView {
  @PrimaryColumn({ name: 'cycle_id', type: 'text' })
  cycleId!: string;

  @PrimaryColumn({ name: 'fund_id', type: 'text' })
  fundId!: string;

  @Column({ name: 'portfolio_id', type: 'text' })
  portfolioId!: string;

  @Column({ name: 'run_id', type: 'text' })
  runId!: string;

  @Column({ name: 'memo_id', type: 'text' })
  memoId!: string;

  @Column({ type: 'text' })
  state!: WorkflowState;

  @Column({ name: 'submitted_by', type: 'text', nullable: true })
  submittedBy!: string | null;

  @Column(instantColumn('submitted_at'))
  submittedAt!: string | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column(instantColumn('approved_at'))
  approvedAt!: string | null;

  @Column({ name: 'rejection_notes', type: 'text', nullable: true })
  rejectionNotes!: string | null;

  @Column({ name: 'report_id', type: 'text', nullable: true })
  reportId!: string | null;

  @Column({ ...instantColumn('updated_at'), nullable: false })
  updatedAt!: string;
}

const HANDLED = new Set<string>([
  'FundEnteredDraft',
  'FundSubmittedForReview',
  'FundApproved',
  'FundRejected',
  'FundPublished',
]);

export function fundReviewQueueProjection(codec: EventCodec): Projection {
  return {
    name: 'fund_review_queue',
    entities: [FundReviewRow],
    handles: (type) => HANDLED.has(type),
    async apply(stored, manager) {
      const event = codec.decode<FundWorkflowEvent>(stored);
      const rows = manager.getRepository(FundReviewRow);
      const { cycleId, fundId } = event.data;
      const next = evolveFundReview(await rows.findOneBy({ cycleId, fundId }), event);
      if (next) await rows.upsert(next, ['cycleId', 'fundId']);
    },
  };
}
