import {
  cycleOpenedV1,
  expectedInventorySetV1,
  portfolioRegisteredV1,
  portfolioScheduleSetV1,
} from '@fai/contracts';
import {
  evolvePortfolioSchedule,
  type PortfolioScheduleEvent,
  type PortfolioScheduleView,
} from './portfolio-schedule.projection';

const registered: PortfolioScheduleEvent = {
  type: 'PortfolioRegistered',
  data: portfolioRegisteredV1.example,
};
const scheduled: PortfolioScheduleEvent = {
  type: 'PortfolioScheduleSet',
  data: portfolioScheduleSetV1.example,
};
const inventory: PortfolioScheduleEvent = {
  type: 'ExpectedInventorySet',
  data: expectedInventorySetV1.example,
};
const opened = (period: string, kind: 'scheduled' | 'adhoc' = 'scheduled'): PortfolioScheduleEvent => ({
  type: 'CycleOpened',
  data: { ...cycleOpenedV1.example, period, kind },
});
const project = (...events: PortfolioScheduleEvent[]) =>
  events.reduce<PortfolioScheduleView | null>(evolvePortfolioSchedule, null);

describe('portfolio schedule projection', () => {
  it('knows a registered portfolio with its tenant, then its schedule and expected inventory', () => {
    expect(project(registered)).toEqual({
      portfolioId: 'pf-001',
      tenantId: 'tenant-acme',
      schedule: null,
      expectedInventory: [],
      lastOpenedPeriod: null,
      updatedAt: portfolioRegisteredV1.example.at,
    });
    expect(project(registered, scheduled, inventory)).toMatchObject({
      schedule: portfolioScheduleSetV1.example.schedule,
      expectedInventory: expectedInventorySetV1.example.funds,
    });
  });

  it('keeps the latest scheduled period opened, whatever order cycles open in; adhoc cycles do not count', () => {
    expect(
      project(registered, opened('2026-10'), opened('2026-09'), opened('2026-12', 'adhoc')),
    ).toMatchObject({
      lastOpenedPeriod: '2026-10',
    });
  });

  it('shows nothing for a portfolio never registered', () => {
    expect(project(scheduled, opened('2026-10'))).toBeNull();
  });
});
