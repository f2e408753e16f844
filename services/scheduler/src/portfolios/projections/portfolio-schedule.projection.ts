import type { CycleOpenedV1, ExpectedFundInventory, PortfolioSchedule } from '@fai/contracts';
import { assertNever } from '@fai/decider';
import { laterPeriod } from '../../cadence/period';
import type { PortfolioEvent } from '../portfolio.decider';

/** What the clock needs of a portfolio: its schedule, expected inventory, and the last period it opened. */
export interface PortfolioScheduleView {
  portfolioId: string;
  tenantId: string;
  schedule: PortfolioSchedule | null;
  expectedInventory: ExpectedFundInventory[];
  /** The latest period whose scheduled cycle is open; the clock looks for due periods after it. */
  lastOpenedPeriod: string | null;
  updatedAt: string;
}

export type PortfolioScheduleEvent = PortfolioEvent | Readonly<{ type: 'CycleOpened'; data: CycleOpenedV1 }>;

/** Pure: the caller loads the row of the event's portfolio (null before it is registered) and saves what this returns. */
export function evolvePortfolioSchedule(
  view: PortfolioScheduleView | null,
  event: PortfolioScheduleEvent,
): PortfolioScheduleView | null {
  if (event.type === 'PortfolioRegistered') {
    const { portfolioId, tenantId, at } = event.data;
    return {
      portfolioId,
      tenantId,
      schedule: null,
      expectedInventory: [],
      lastOpenedPeriod: null,
      updatedAt: at,
    };
  }
  if (!view) return view;
  switch (event.type) {
    case 'PortfolioChanged':
      return view;
    case 'PortfolioScheduleSet':
      return { ...view, schedule: event.data.schedule, updatedAt: event.data.at };
    case 'ExpectedInventorySet':
      return { ...view, expectedInventory: event.data.funds, updatedAt: event.data.at };
    case 'CycleOpened': {
      const { kind, period, at } = event.data;
      if (kind !== 'scheduled') return view;
      const lastOpenedPeriod = view.lastOpenedPeriod ? laterPeriod(view.lastOpenedPeriod, period) : period;
      return { ...view, lastOpenedPeriod, updatedAt: at };
    }
    default:
      return assertNever(event, 'portfolio schedule event');
  }
}
