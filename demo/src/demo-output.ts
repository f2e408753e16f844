import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { verifyEvidencePack } from '@fai/reporting';
import type { SamplePortfolio } from '@fai/sample-data';
import type { PeriodOutcome } from './monthly-cycle';

/** File kinds a ReportPublished lists, and the names they get in the output folder. */
const FILE_NAMES: Record<string, string> = {
  memo_html: 'memo.html',
  memo_pdf: 'memo.pdf',
  evidence_pack: 'evidence-pack.zip',
};

interface PublishedFile {
  kind: string;
  sha256: string;
}

interface FundResult {
  fundId: string;
  name: string;
  reportId: string;
  submittedBy: string;
  approvedBy: string;
  exceptions: number;
  blockingResolved: number;
  deltas: number | 'baseline';
  pack: string;
  files: string[];
}

/**
 * Writes what the cycles published into the output folder, one folder per period and fund (memo
 * HTML and PDF, evidence pack, each re-verified offline), and a summary in Markdown and JSON.
 */
export async function writeDemoOutput(options: {
  outDir: string;
  /** Reporting's content-addressed output store. */
  outputStoreDir: string;
  sample: SamplePortfolio;
  periods: PeriodOutcome[];
  seconds: number;
  events: number;
}): Promise<string> {
  const { outDir, sample, periods } = options;
  const results: Array<{ outcome: PeriodOutcome; funds: FundResult[] }> = [];
  for (const outcome of periods) {
    const funds: FundResult[] = [];
    for (const event of outcome.published) {
      const data = event.data as Record<string, unknown> & { fundId: string; files: PublishedFile[] };
      const folder = join(outDir, outcome.period, data.fundId);
      mkdirSync(folder, { recursive: true });
      const files = data.files.map((file) => {
        const target = join(folder, FILE_NAMES[file.kind] ?? `${file.kind}-${file.sha256.slice(0, 12)}`);
        copyFileSync(join(options.outputStoreDir, file.sha256.slice(0, 2), file.sha256), target);
        return target;
      });
      const pack = data.files.find((file) => file.kind === 'evidence_pack');
      const verified = pack
        ? await verifyEvidencePack(readFileSync(join(folder, FILE_NAMES.evidence_pack)))
        : undefined;
      const deltas = outcome.deltas.find((d) => d.data.fundId === data.fundId)?.data;
      const exceptions = outcome.exceptions.filter((e) => e.data.fundId === data.fundId);
      funds.push({
        fundId: data.fundId,
        name:
          sample.manifest.portfolio.funds.find((fund) => fund.fundId === data.fundId)?.name ?? data.fundId,
        reportId: String(data.reportId),
        submittedBy: String(data.submittedBy),
        approvedBy: String(data.approvedBy),
        exceptions: exceptions.length,
        blockingResolved: outcome.resolved.filter((r) =>
          exceptions.some((e) => e.data.exceptionId === r.exceptionId),
        ).length,
        deltas: !deltas || deltas.baseline ? 'baseline' : (deltas.deltas as unknown[]).length,
        pack: verified
          ? `verified: ${verified.files} files, ${verified.artefacts} artefacts, ${verified.figures} figures, evidence coverage ${verified.evidenceCoverage}`
          : 'none',
        files: files.map((file) => relative(outDir, file)),
      });
    }
    funds.sort((a, b) => a.fundId.localeCompare(b.fundId));
    results.push({ outcome, funds });
  }
  const summary = {
    portfolio: sample.manifest.portfolio.portfolioId,
    seconds: options.seconds,
    events: options.events,
    periods: results.map(({ outcome, funds }) => ({
      period: outcome.period,
      cycleId: outcome.cycleId,
      runId: outcome.runId,
      resolvedExceptions: outcome.resolved,
      funds,
    })),
  };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(outDir, 'summary.md'), markdown(summary));
  return join(outDir, 'summary.md');
}

function markdown(summary: {
  portfolio: string;
  seconds: number;
  events: number;
  periods: Array<{
    period: string;
    cycleId: string;
    runId: string;
    resolvedExceptions: Array<{ title: string; rationale: string }>;
    funds: FundResult[];
  }>;
}): string {
  const lines = [
    `# FAI demo: portfolio ${summary.portfolio}`,
    '',
    `${summary.periods.length} monthly cycles, ${summary.events} events, ${summary.seconds.toFixed(1)} s, all services in one process (embedded default).`,
    '',
  ];
  for (const period of summary.periods) {
    lines.push(`## ${period.period}: cycle ${period.cycleId}, run ${period.runId}`, '');
    lines.push(
      '| fund | report | deltas | exceptions | submitted by | approved by | evidence pack | files |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const fund of period.funds)
      lines.push(
        `| ${fund.name} (${fund.fundId}) | ${fund.reportId} | ${fund.deltas} | ${exceptionsText(fund)} | ${fund.submittedBy} | ${fund.approvedBy} | ${fund.pack} | ${fund.files.join(', ')} |`,
      );
    for (const resolved of period.resolvedExceptions)
      lines.push('', `Resolved by the reviewer: ${resolved.title}. ${resolved.rationale}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function exceptionsText(fund: FundResult): string {
  return fund.blockingResolved > 0
    ? `${fund.exceptions} (${fund.blockingResolved} blocking, decided by the reviewer)`
    : String(fund.exceptions);
}
