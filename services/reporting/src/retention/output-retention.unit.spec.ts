import type { ActiveLegalHold, OutputRetentionRule } from '@fai/contracts';
import {
  decideOutputRetention,
  outputContentDeletedEvent,
  type OutputRetentionFacts,
  type RetainedOutput,
} from './output-retention';

const DAY = 24 * 60 * 60 * 1000;
const generatedAt = new Date('2026-01-01T00:00:00.000Z');
const daysAfter = (start: Date, days: number) => new Date(start.getTime() + days * DAY);

const rules: OutputRetentionRule[] = [
  { outputType: 'memo_html', retentionDays: 30, defensibilityDays: 90 },
  { outputType: 'portfolio_summary', retentionDays: 10, defensibilityDays: 0 },
];
const policy = { sourcePolicyId: 'pf-1-source-policy-v2', rules };

function output(outputId: string, overrides: Partial<RetainedOutput> = {}): RetainedOutput {
  return {
    outputId,
    kind: 'memo_html',
    portfolioId: 'pf-1',
    cycleId: 'pf-1-2026-01',
    runId: 'pf-1-2026-01-run-1',
    fundId: 'fund-7',
    sha256: outputId.padEnd(64, '0').slice(0, 64),
    generatedAt,
    ...overrides,
  };
}

/** Given these facts, when a sweep runs at `now`, then these outputs are deleted / kept. */
function given(facts: Partial<OutputRetentionFacts>) {
  const all: OutputRetentionFacts = {
    outputs: [],
    policies: new Map([['pf-1', policy]]),
    holds: [],
    ...facts,
  };
  return {
    whenSweptAt(now: Date) {
      const decision = decideOutputRetention(all, now);
      return {
        deleted: decision.deletions.map((deletion) => deletion.output.outputId),
        kept: decision.kept.map(({ output: { outputId }, ...why }) => ({ outputId, ...why })),
        decision,
      };
    },
  };
}

const draft = output('memo-1:memo_html');
const published = output('report-1:memo_html', {
  report: { reportId: 'report-1', publishedAt: daysAfter(generatedAt, 5) },
});

describe('output retention decision', () => {
  it('keeps a draft output until its retention period ends, then deletes it', () => {
    expect(given({ outputs: [draft] }).whenSweptAt(daysAfter(generatedAt, 29))).toMatchObject({
      deleted: [],
      kept: [],
    });
    expect(given({ outputs: [draft] }).whenSweptAt(daysAfter(generatedAt, 30)).deleted).toEqual([
      'memo-1:memo_html',
    ]);
  });

  it('applies each output type its own rule', () => {
    const summary = output('run-1:portfolio_summary', { kind: 'portfolio_summary', fundId: undefined });
    expect(given({ outputs: [draft, summary] }).whenSweptAt(daysAfter(generatedAt, 10)).deleted).toEqual([
      'run-1:portfolio_summary',
    ]);
  });

  it('never deletes a type the policy has no rule for, nor anything of a portfolio without output retention', () => {
    const pdf = output('memo-1:memo_pdf', { kind: 'memo_pdf' });
    const elsewhere = output('memo-9:memo_html', { portfolioId: 'pf-2' });
    expect(given({ outputs: [pdf, elsewhere] }).whenSweptAt(daysAfter(generatedAt, 10_000))).toMatchObject({
      deleted: [],
      kept: [],
    });
  });

  it('keeps an output of a published report until its defensibility period ends, then deletes it', () => {
    const until = daysAfter(generatedAt, 95);
    expect(given({ outputs: [published] }).whenSweptAt(daysAfter(generatedAt, 94)).kept).toEqual([
      { outputId: 'report-1:memo_html', reason: 'report_defensibility', reportId: 'report-1', until },
    ]);
    expect(given({ outputs: [published] }).whenSweptAt(until).deleted).toEqual(['report-1:memo_html']);
  });

  it.each<[ActiveLegalHold['scope'], string]>([
    ['fund', 'fund-7'],
    ['portfolio', 'pf-1'],
  ])('keeps an output under a legal hold on its %s', (scope, targetId) => {
    const holds = [{ holdId: 'hold-1', scope, targetId }];
    expect(given({ outputs: [draft], holds }).whenSweptAt(daysAfter(generatedAt, 365))).toMatchObject({
      deleted: [],
      kept: [{ outputId: 'memo-1:memo_html', reason: 'legal_hold', holdIds: ['hold-1'] }],
    });
  });

  it('is not stopped by an artefact hold, nor by a hold on another fund or portfolio', () => {
    const holds: ActiveLegalHold[] = [
      { holdId: 'hold-1', scope: 'artefact', targetId: 'memo-1:memo_html' },
      { holdId: 'hold-2', scope: 'fund', targetId: 'fund-8' },
      { holdId: 'hold-3', scope: 'portfolio', targetId: 'pf-2' },
    ];
    expect(given({ outputs: [draft], holds }).whenSweptAt(daysAfter(generatedAt, 365)).deleted).toEqual([
      'memo-1:memo_html',
    ]);
  });

  it('a fund hold does not cover a portfolio summary, which has no fund', () => {
    const summary = output('run-1:portfolio_summary', { kind: 'portfolio_summary', fundId: undefined });
    const holds: ActiveLegalHold[] = [{ holdId: 'hold-1', scope: 'fund', targetId: 'fund-7' }];
    expect(given({ outputs: [summary], holds }).whenSweptAt(daysAfter(generatedAt, 365)).deleted).toEqual([
      'run-1:portfolio_summary',
    ]);
  });

  it('records what existed and why it went in the deletion event', () => {
    const at = daysAfter(generatedAt, 200);
    const { decision } = given({ outputs: [published] }).whenSweptAt(at);
    expect(
      outputContentDeletedEvent(decision.deletions[0]!, { sweepId: 'sweep-1', actor: 'user-7', at }),
    ).toEqual({
      outputId: 'report-1:memo_html',
      kind: 'memo_html',
      portfolioId: 'pf-1',
      cycleId: 'pf-1-2026-01',
      runId: 'pf-1-2026-01-run-1',
      fundId: 'fund-7',
      reportId: 'report-1',
      sha256: published.sha256,
      sweepId: 'sweep-1',
      sourcePolicyId: 'pf-1-source-policy-v2',
      retentionDays: 30,
      defensibilityDays: 90,
      actor: 'user-7',
      at: at.toISOString(),
    });
  });
});
