import type { ActiveLegalHold, RetentionRule, RunInventory } from '@fai/contracts';
import {
  contentDeletedEvent,
  decideRetentionSweep,
  reportDependencies,
  type DependentReport,
  type RetainedArtefact,
  type RetentionFacts,
} from './retention';

const DAY = 24 * 60 * 60 * 1000;
const ingestedAt = new Date('2026-01-01T00:00:00.000Z');
const daysAfter = (start: Date, days: number) => new Date(start.getTime() + days * DAY);

const nportRule: RetentionRule = { documentType: 'nport', retentionDays: 30, defensibilityDays: 90 };
const policy = { sourcePolicyId: 'pf-1-source-policy-v2', rules: [nportRule] };

function artefact(artefactId: string, overrides: Partial<RetainedArtefact> = {}): RetainedArtefact {
  return {
    artefactId,
    tenantId: 'tenant-1',
    portfolioId: 'pf-1',
    fundId: 'fund-7',
    sha256: artefactId.padEnd(64, '0').slice(0, 64),
    documentType: 'nport',
    ingestedAt,
    ...overrides,
  };
}

/** Given these facts, when a sweep runs at `now`, then these artefacts are deleted / kept. */
function given(facts: Partial<RetentionFacts>) {
  const all: RetentionFacts = {
    artefacts: [],
    policies: new Map([['pf-1', policy]]),
    holds: [],
    reports: [],
    ...facts,
  };
  return {
    whenSweptAt(now: Date) {
      const decision = decideRetentionSweep(all, now);
      return {
        deleted: decision.deletions.map((deletion) => deletion.artefact.artefactId),
        kept: decision.kept.map(({ artefact: { artefactId }, ...why }) => ({ artefactId, ...why })),
        decision,
      };
    },
  };
}

const a1 = artefact('a1');
const report = (reportId: string, publishedAt: Date, artefactIds: string[]): DependentReport => ({
  reportId,
  publishedAt,
  artefactIds,
});

describe('retention sweep decision', () => {
  it('keeps an artefact until its retention period ends, then deletes it', () => {
    expect(given({ artefacts: [a1] }).whenSweptAt(daysAfter(ingestedAt, 29))).toMatchObject({
      deleted: [],
      kept: [],
    });
    expect(given({ artefacts: [a1] }).whenSweptAt(daysAfter(ingestedAt, 30)).deleted).toEqual(['a1']);
  });

  it('never deletes a class the policy has no rule for, nor anything of a portfolio without retention rules', () => {
    const factsheet = artefact('f1', { documentType: 'factsheet' });
    const elsewhere = artefact('e1', { portfolioId: 'pf-2' });
    expect(
      given({ artefacts: [factsheet, elsewhere] }).whenSweptAt(daysAfter(ingestedAt, 10_000)).deleted,
    ).toEqual([]);
  });

  it.each<[ActiveLegalHold['scope'], string]>([
    ['artefact', 'a1'],
    ['fund', 'fund-7'],
    ['portfolio', 'pf-1'],
  ])('keeps an artefact under a legal hold on its %s', (scope, targetId) => {
    const holds = [{ holdId: 'hold-1', scope, targetId }];
    expect(given({ artefacts: [a1], holds }).whenSweptAt(daysAfter(ingestedAt, 365))).toMatchObject({
      deleted: [],
      kept: [{ artefactId: 'a1', reason: 'legal_hold', holdIds: ['hold-1'] }],
    });
  });

  it('is not stopped by a hold on another fund or artefact', () => {
    const holds: ActiveLegalHold[] = [
      { holdId: 'hold-1', scope: 'fund', targetId: 'fund-8' },
      { holdId: 'hold-2', scope: 'artefact', targetId: 'a2' },
    ];
    expect(given({ artefacts: [a1], holds }).whenSweptAt(daysAfter(ingestedAt, 365)).deleted).toEqual(['a1']);
  });

  it('keeps what a published report depends on until the latest such report stops being defensible', () => {
    const reports = [
      report('r-early', daysAfter(ingestedAt, 10), ['a1']),
      report('r-late', daysAfter(ingestedAt, 40), ['a1']),
      report('r-other', daysAfter(ingestedAt, 300), ['a2']),
    ];
    const until = daysAfter(ingestedAt, 130);
    expect(given({ artefacts: [a1], reports }).whenSweptAt(daysAfter(ingestedAt, 129)).kept).toEqual([
      { artefactId: 'a1', reason: 'report_dependency', reportId: 'r-late', until },
    ]);
    const after = given({ artefacts: [a1], reports }).whenSweptAt(until);
    expect(after.deleted).toEqual(['a1']);
    expect(after.decision.deletions[0]).toMatchObject({ lastDependentReportId: 'r-late' });
  });

  it('records what existed and why it went in the deletion event', () => {
    const { decision } = given({ artefacts: [a1] }).whenSweptAt(daysAfter(ingestedAt, 31));
    const at = daysAfter(ingestedAt, 31);
    expect(contentDeletedEvent(decision.deletions[0]!, { sweepId: 'sweep-1', actor: 'user-7', at })).toEqual({
      artefactId: 'a1',
      tenantId: 'tenant-1',
      portfolioId: 'pf-1',
      fundId: 'fund-7',
      sha256: a1.sha256,
      documentType: 'nport',
      sweepId: 'sweep-1',
      sourcePolicyId: 'pf-1-source-policy-v2',
      retentionDays: 30,
      defensibilityDays: 90,
      actor: 'user-7',
      at: at.toISOString(),
    });
  });
});

describe('report dependencies', () => {
  const inventory = {
    runId: 'run-1',
    received: [
      { artefactId: 'a2', fundId: 'fund-7' },
      { artefactId: 'a1', fundId: 'fund-7' },
      { artefactId: 'a1', fundId: 'fund-7' },
      { artefactId: 'b1', fundId: 'fund-8' },
      { artefactId: 'u1' },
    ],
  } as unknown as RunInventory;

  it("are what the run's inventory received for the report's fund", () => {
    expect(reportDependencies({ runId: 'run-1', fundId: 'fund-7' }, inventory)).toEqual(['a1', 'a2']);
  });

  it('are unknown without the run inventory', () => {
    expect(reportDependencies({ runId: 'run-1', fundId: 'fund-7' }, undefined)).toBeUndefined();
  });
});
