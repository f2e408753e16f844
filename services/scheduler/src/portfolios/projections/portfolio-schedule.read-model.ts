import type { ExpectedFundInventory, PortfolioSchedule } from '@fai/contracts';
import type { Projection } from '@fai/projections';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventCodec } from '../../infrastructure/event-codec';
import { instantColumn } from '../../infrastructure/instant-column';
import {
  evolvePortfolioSchedule,
  type PortfolioScheduleEvent,
  type PortfolioScheduleView,
} from './portfolio-schedule.projection';

/** Table `portfolio_schedule`: what the clock reads to open due cycles and check stalls and cut-offs. */
@Entity({ name: 'portfolio_schedule' })
export class PortfolioScheduleRow implements PortfolioScheduleView {
  @PrimaryColumn({ name: 'portfolio_id', type: 'text' })
  portfolioId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'jsonb', nullable: true })
  schedule!: PortfolioSchedule | null;

  @Column({ name: 'expected_inventory', type: 'jsonb' })
  expectedInventory!: ExpectedFundInventory[];

  @Column({ name: 'last_opened_period', type: 'text', nullable: true })
  lastOpenedPeriod!: string | null;

  @Column(instantColumn('updated_at'))
  updatedAt!: string;
}

const HANDLED = new Set<string>([
  'PortfolioRegistered',
  'PortfolioScheduleSet',
  'ExpectedInventorySet',
  'CycleOpened',
]);

export function portfolioScheduleProjection(codec: EventCodec): Projection {
  return {
    name: 'portfolio_schedule',
    entities: [PortfolioScheduleRow],
    handles: (type) => HANDLED.has(type),
    async apply(stored, manager) {
      const event = codec.decode<PortfolioScheduleEvent>(stored);
      const rows = manager.getRepository(PortfolioScheduleRow);
      const current = await rows.findOneBy({ portfolioId: event.data.portfolioId });
      const next = evolvePortfolioSchedule(current, event);
      if (next && next !== current) await rows.upsert(next, ['portfolioId']);
    },
  };
}
