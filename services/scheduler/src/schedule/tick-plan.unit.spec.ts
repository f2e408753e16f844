import type { PortfolioSchedule } from '@fai/contracts';
import type { CycleOverview } from '../cycles/projections/cycle-overview.projection';
import type { PortfolioScheduleView } from '../portfolios/projections/portfolio-schedule.projection';
import { missingRequiredArtefacts, planTick } from './tick-plan';

// Period P is due on the 4th of the next month at 07:00 UTC; its cut-off is one business day later.
const schedule: PortfolioSchedule = {
  startPeriod: '2026-10',
  due: { rule: 'day_of_month', day: 4 },
  localTime: '07:00',
  timeZone: 'UTC',
  cutOff: { businessDays: 1, hours: 0 },
  stageBudgetsMinutes: { ingest: 60, extract: 30, validate: 30, compare: 30, rank: 30, report: 30 },
};
const portfolio: PortfolioScheduleView = {
  portfolioId: 'pf-001',
  tenantId: 'tenant-acme',
  schedule,
  expectedInventory: [
    {
      fundId: 'fund-7',
      artefacts: [
        { artefactType: 'nport', required: true },
        { artefactType: 'factsheet', required: false },
      ],
    },
  ],
  lastOpenedPeriod: null,
  updatedAt: '2026-09-01T00:00:00.000Z',
};
const cycle: CycleOverview = {
  cycleId: 'pf-001-2026-10-scheduled',
  portfolioId: 'pf-001',
  period: '2026-10',
  kind: 'scheduled',
  currentRunId: 'pf-001-2026-10-scheduled-run-1',
  currentRunNumber: 1,
  stage: 'ingest',
  state: 'running',
  publicationBlocked: false,
  failure: null,
  missingArtefacts: [],
  pinnedPolicyVersions: {},
  openedAt: '2026-11-04T07:00:00.000Z',
  runStartedAt: '2026-11-04T07:00:00.000Z',
  stageStartedAt: '2026-11-04T07:00:00.000Z',
  completedAt: null,
  lastStalledAt: null,
  updatedAt: '2026-11-04T07:00:00.000Z',
};
const at = (iso: string) => new Date(iso);

describe('planTick', () => {
  it('opens each due period not opened yet, oldest first, and nothing before the due time', () => {
    expect(planTick([portfolio], [], [], at('2026-11-04T06:59:59Z')).open).toEqual([]);
    expect(planTick([portfolio], [], [], at('2026-12-04T07:00:00Z')).open).toEqual([
      { portfolioId: 'pf-001', tenantId: 'tenant-acme', period: '2026-10' },
      { portfolioId: 'pf-001', tenantId: 'tenant-acme', period: '2026-11' },
    ]);
    expect(
      planTick([{ ...portfolio, lastOpenedPeriod: '2026-10' }], [], [], at('2026-12-04T07:00:00Z')).open,
    ).toEqual([{ portfolioId: 'pf-001', tenantId: 'tenant-acme', period: '2026-11' }]);
  });

  it('leaves portfolios without a schedule alone', () => {
    expect(planTick([{ ...portfolio, schedule: null }], [cycle], [], at('2027-06-01T00:00:00Z'))).toEqual({
      open: [],
      checkStall: [],
      markIncomplete: [],
    });
  });

  it('checks a run for a stall once its stage budget is over, until it has been alerted', () => {
    expect(planTick([portfolio], [cycle], [], at('2026-11-04T08:00:00Z')).checkStall).toEqual([]);
    expect(planTick([portfolio], [cycle], [], at('2026-11-04T08:00:01Z')).checkStall).toEqual([
      { cycleId: cycle.cycleId, budgets: schedule.stageBudgetsMinutes },
    ]);
    const alerted = { ...cycle, lastStalledAt: '2026-11-04T08:01:00.000Z' };
    expect(planTick([portfolio], [alerted], [], at('2026-11-04T09:00:00Z')).checkStall).toEqual([]);
    const inReview = { ...cycle, stage: 'review' as const, state: 'completed' as const };
    expect(planTick([portfolio], [inReview], [], at('2026-11-30T00:00:00Z')).checkStall).toEqual([]);
  });

  it('marks a run still ingesting at its cut-off incomplete, with the required artefacts missing', () => {
    expect(planTick([portfolio], [cycle], [], at('2026-11-05T06:59:59Z')).markIncomplete).toEqual([]);
    expect(planTick([portfolio], [cycle], [], at('2026-11-05T07:00:00Z')).markIncomplete).toEqual([
      { cycleId: cycle.cycleId, missingArtefacts: [{ fundId: 'fund-7', artefactType: 'nport' }] },
    ]);
    for (const later of [
      { ...cycle, stage: 'extract' as const },
      { ...cycle, state: 'incomplete' as const },
    ])
      expect(planTick([portfolio], [later], [], at('2026-11-06T00:00:00Z')).markIncomplete).toEqual([]);
    expect(
      planTick([{ ...portfolio, expectedInventory: [] }], [cycle], [], at('2026-11-06T00:00:00Z'))
        .markIncomplete,
    ).toEqual([]);
  });

  it('lists only what the current run has not received, and nothing once it has every required artefact', () => {
    const twoRequired = {
      ...portfolio,
      expectedInventory: [
        {
          fundId: 'fund-7',
          artefacts: [
            { artefactType: 'nport', required: true },
            { artefactType: 'findatex_tpt', required: true },
          ],
        },
      ],
    };
    const cutOffPassed = at('2026-11-05T07:00:00Z');
    const receipt = (runId: string, artefactType: string) => ({ runId, fundId: 'fund-7', artefactType });
    const ofOtherRun = receipt('pf-001-2026-09-scheduled-run-1', 'nport');
    expect(
      planTick(
        [twoRequired],
        [cycle],
        [receipt(cycle.currentRunId!, 'findatex_tpt'), ofOtherRun],
        cutOffPassed,
      ).markIncomplete,
    ).toEqual([{ cycleId: cycle.cycleId, missingArtefacts: [{ fundId: 'fund-7', artefactType: 'nport' }] }]);
    expect(
      planTick(
        [twoRequired],
        [cycle],
        [receipt(cycle.currentRunId!, 'findatex_tpt'), receipt(cycle.currentRunId!, 'nport')],
        cutOffPassed,
      ).markIncomplete,
    ).toEqual([]);
  });
});

describe('missingRequiredArtefacts', () => {
  const inventory = [
    {
      fundId: 'fund-7',
      artefacts: [
        { artefactType: 'nport', required: true },
        { artefactType: 'findatex_tpt', required: true },
        { artefactType: 'factsheet', required: false },
      ],
    },
    { fundId: 'fund-8', artefacts: [{ artefactType: 'nport', required: true }] },
  ];

  it('is the required (fund, type) pairs minus those received, in inventory order', () => {
    expect(
      missingRequiredArtefacts(inventory, [
        { fundId: 'fund-7', artefactType: 'findatex_tpt' },
        { fundId: 'fund-7', artefactType: 'factsheet' },
        // The right type for the wrong fund fills nothing.
        { fundId: 'fund-9', artefactType: 'nport' },
      ]),
    ).toEqual([
      { fundId: 'fund-7', artefactType: 'nport' },
      { fundId: 'fund-8', artefactType: 'nport' },
    ]);
  });

  it('is every required pair when nothing was received and empty when all were', () => {
    expect(missingRequiredArtefacts(inventory, [])).toEqual([
      { fundId: 'fund-7', artefactType: 'nport' },
      { fundId: 'fund-7', artefactType: 'findatex_tpt' },
      { fundId: 'fund-8', artefactType: 'nport' },
    ]);
    expect(
      missingRequiredArtefacts(inventory, [
        { fundId: 'fund-7', artefactType: 'nport' },
        { fundId: 'fund-7', artefactType: 'findatex_tpt' },
        { fundId: 'fund-8', artefactType: 'nport' },
      ]),
    ).toEqual([]);
  });
});
