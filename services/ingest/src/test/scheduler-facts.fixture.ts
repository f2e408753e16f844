import type { DirectoryFact } from '../directory/directory';

/*
 * Scheduler events as ingest receives them, for tests: one portfolio (pf-001, tenant-acme) with two
 * funds, an expected inventory, and a cycle for 2026-10 whose run 1 is collecting artefacts.
 */

export const PORTFOLIO = 'pf-001';
export const TENANT = 'tenant-acme';
export const CYCLE = 'pf-001-2026-10-scheduled';
export const RUN = `${CYCLE}-run-1`;
// Real, check-digit valid ISINs: integration tests classify documents that carry them.
export const FUND_7 = { fundId: 'fund-7', isin: 'IE00B4L5Y983', shareClassIsin: 'US0378331005' };
export const FUND_8 = { fundId: 'fund-8', isin: 'LU0274208692' };
const clock = { kind: 'clock' } as const;

export function portfolioRegistered(portfolioId = PORTFOLIO): DirectoryFact {
  return {
    type: 'PortfolioRegistered',
    data: {
      portfolioId,
      tenantId: TENANT,
      name: 'Global Equity Selection',
      baseCurrency: 'EUR',
      funds: [
        {
          fundId: FUND_7.fundId,
          name: 'Acme World Equity',
          isins: [FUND_7.isin],
          shareClasses: [{ shareClassId: 'fund-7-b', isin: FUND_7.shareClassIsin, currency: 'USD' }],
        },
        { fundId: FUND_8.fundId, name: 'Core MSCI World', isins: [FUND_8.isin], shareClasses: [] },
      ],
      actor: 'user-1',
      reason: 'Onboarding.',
      at: '2026-09-01T09:00:00.000Z',
    },
  };
}

export function expectedInventorySet(
  funds: Array<{ fundId: string; artefacts: Array<{ artefactType: string; required: boolean }> }>,
  portfolioId = PORTFOLIO,
): DirectoryFact {
  return {
    type: 'ExpectedInventorySet',
    data: { portfolioId, funds, actor: 'user-1', reason: 'Monthly set.', at: '2026-09-01T09:05:00.000Z' },
  };
}

export function cycleOpened(
  period = '2026-10',
  options: { sourcePolicyId?: string; portfolioId?: string } = {},
): DirectoryFact {
  const portfolioId = options.portfolioId ?? PORTFOLIO;
  return {
    type: 'CycleOpened',
    data: {
      cycleId: `${portfolioId}-${period}-scheduled`,
      portfolioId,
      period,
      kind: 'scheduled',
      pinnedPolicyVersions: options.sourcePolicyId ? { sourcePolicyId: options.sourcePolicyId } : {},
      cause: clock,
      at: `${nextMonth(period)}-04T07:00:00.000Z`,
    },
  };
}

export function runStarted(cycleId = CYCLE, runNumber = 1, replacesRunId?: string): DirectoryFact {
  return {
    type: 'RunStarted',
    data: {
      cycleId,
      runId: `${cycleId}-run-${runNumber}`,
      runNumber,
      ...(replacesRunId ? { replacesRunId, reason: 'Corrected filing.' } : {}),
      pinnedPolicyVersions: {},
      cause: clock,
      at: '2026-11-04T07:00:00.000Z',
    },
  };
}

export function runStageStarted(
  stage: 'extract' | 'validate',
  cycleId = CYCLE,
  runId = `${cycleId}-run-1`,
): DirectoryFact {
  return {
    type: 'RunStageStarted',
    data: { cycleId, runId, stage, cause: { kind: 'event', eventId: 'e-1' }, at: '2026-11-05T07:00:00.000Z' },
  };
}

export function sourcePolicySet(
  version: number,
  rules: Array<{
    sourceType: 'upload' | 'email' | 'online' | 'internal';
    origins: string[];
    retentionClass?: string;
  }>,
): DirectoryFact {
  return {
    type: 'SourcePolicySet',
    data: {
      portfolioId: PORTFOLIO,
      sourcePolicyId: `${PORTFOLIO}-source-policy-v${version}`,
      version,
      rules,
      actor: 'admin-1',
      reason: 'Policy review.',
      at: '2026-10-01T09:00:00.000Z',
    },
  };
}

/** A portfolio with its 2026-10 cycle collecting artefacts in run 1. */
export const collectingPortfolio = (): DirectoryFact[] => [
  portfolioRegistered(),
  cycleOpened(),
  runStarted(),
];

function nextMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export function runMarkedIncomplete(
  cycleId: string,
  runId: string,
  missing: Array<{ fundId: string; artefactType: string }>,
): DirectoryFact {
  return {
    type: 'RunMarkedIncomplete',
    data: {
      cycleId,
      runId,
      stage: 'ingest',
      missingArtefacts: missing,
      cause: clock,
      at: '2026-11-06T07:00:00.000Z',
    },
  };
}

export function runProceededAtCutOff(
  cycleId: string,
  runId: string,
  missing: Array<{ fundId: string; artefactType: string }>,
): DirectoryFact {
  return {
    type: 'RunProceededAtCutOff',
    data: {
      cycleId,
      runId,
      missingArtefacts: missing,
      reason: 'Filing delayed; review the rest on time.',
      cause: { kind: 'operator', actor: 'user-42' },
      at: '2026-11-06T09:00:00.000Z',
    },
  };
}
