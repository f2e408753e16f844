import { createHash } from 'node:crypto';
import { loadKpiConfig } from '../kpi/kpi-config.loader';
import {
  FUND_ID,
  HDFC_EQUITY,
  HDFC_LIQUID,
  navHistoryClaims,
  realFund,
  realNavAvailable,
} from '../../test/real-fund.fixture';
import { pdfText } from '../../test/pdf-text';
import {
  buildMemoInput,
  memoInputBytes,
  memoInputSha256,
  UNNAMED_BENCHMARK,
  type MemoInputSources,
} from './memo-input';
import { renderMemo } from './memo-renderer';
import { CURRENT_TEMPLATE, loadTemplate } from './memo-template';
import { portfolioSummaryView, renderPortfolioSummary } from './portfolio-summary';

const kpiConfig = loadKpiConfig('kpi-config@1');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const stamp = {
  approvedBy: 'approver-9',
  submittedBy: 'analyst-7',
  approvedAt: '2023-01-25T16:00:00.000Z',
  notes: 'Reviewed with the IC pack.',
};

function sources(overrides: Partial<MemoInputSources> = {}): MemoInputSources {
  const fund = realFund();
  return {
    review: fund.review,
    claims: fund.claims,
    claimSets: fund.claimSets,
    templateVersion: CURRENT_TEMPLATE,
    kpiConfig,
    ...overrides,
  };
}

describe('memo rendering of a real fund (Dupree Kentucky Tax-Free Short-to-Medium, N-PORT 2022-12)', () => {
  it('shows every section with the fund’s validated content in HTML, with inline SVG charts', async () => {
    const input = buildMemoInput(sources());
    const html = (await renderMemo(input)).html.toString('utf8');

    for (const heading of [
      '1. Scope and input sources',
      '2. Validation summary and quality signals',
      '3. KPI snapshot',
      '4. Material changes since the last snapshot',
      '5. Exceptions, classification and resolution',
      '6. Open questions and follow-ups',
      '7. Approval',
    ])
      expect(html).toContain(heading);
    expect(html).toContain('Monthly validation memo: Kentucky Tax-Free Short-to-Medium Series');
    expect(html).toContain('41349926.01 USD');
    expect(html).toContain(realFund().artefacts[0].sha256);
    expect(html).toContain('ruleset@1');
    expect(html).toContain('75.00 %'); // completeness
    // 1 asset category and the 10 largest holdings, 3 fields, 1 delta
    expect(html).toContain('100.00 % of 15 figures');
    expect(html).toContain('accept -&gt; 41349926.01 USD by reviewer-3');
    expect(html).toContain('Ask Dupree for the prospectus fee table &lt;by 2023-02-15&gt;');
    expect(html).toContain('No NAV history among the run’s claims');
    expect(html).toContain('>DRAFT<');
    expect(html).not.toContain('Approved by');
    const svgs = html.match(/<svg [^>]*class="chart"/g) ?? [];
    expect(svgs).toHaveLength(2);
    expect(html).toContain('Asset-class breakdown');
    expect(html).toMatch(/<text[^>]*>DBT<\/text><rect/);
  });

  it('renders a PDF whose text a reader can extract', async () => {
    const rendered = await renderMemo(buildMemoInput(sources()));
    const text = await pdfText(rendered.pdf);

    expect(rendered.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain('Monthly validation memo: Kentucky Tax-Free Short-to-Medium Series');
    expect(text).toContain('exc-net-assets-drop');
    expect(text).toContain('Asset-class breakdown');
    expect(text).toContain('Draft: not yet reviewed and approved');
  });

  it('is byte-stable: the same sources give the same input, HTML and PDF, whatever the claim order', async () => {
    const first = buildMemoInput(sources());
    const fund = realFund();
    const second = buildMemoInput(sources({ claims: [...fund.claims].reverse() }));
    const [a, b] = [await renderMemo(first), await renderMemo(second)];

    expect(memoInputSha256(second)).toBe(memoInputSha256(first));
    expect(sha(b.html)).toBe(sha(a.html));
    expect(sha(b.pdf)).toBe(sha(a.pdf));
  });

  it('adds the approval stamp to the final memo only', async () => {
    const input = buildMemoInput(sources());
    const final = await renderMemo(input, stamp);
    const html = final.html.toString('utf8');

    expect(html).toContain('>FINAL<');
    expect(html).toContain('<dt>Approved by</dt><dd>approver-9</dd>');
    expect(await pdfText(final.pdf)).toContain('approver-9');
    expect(sha(final.html)).not.toBe(sha((await renderMemo(input)).html));
  });

  it('counts a figure whose claim is not among the memo’s claims as not evidenced', async () => {
    const fund = realFund();
    const review = {
      ...fund.review,
      fields: [
        ...fund.review.fields,
        {
          key: 'fund.cash',
          metric: 'fund.cash',
          state: 'value' as const,
          value: '10',
          claimIds: [],
          sourceCount: 0,
        },
      ],
    };
    const rendered = await renderMemo(buildMemoInput(sources({ review })));

    expect(rendered.figures).toHaveLength(16);
    expect(rendered.evidenceCoverage).toBe('0.9375');
  });

  it('lists a dated series once, with its newest value, and keeps a blank date of it in view', async () => {
    const fund = realFund();
    const navField = (date: string, value?: string) => ({
      key: `nav.value@A#${date}`,
      metric: 'nav.value',
      shareClass: 'A',
      subject: date,
      asOf: date,
      claimIds: [`claim-nav-${date}`],
      sourceCount: 1,
      ...(value === undefined
        ? { state: 'blank' as const, blank: 'missing' as const }
        : { state: 'value' as const, value, unit: 'USD', chosenClaimId: `claim-nav-${date}` }),
    });
    const review = {
      ...fund.review,
      fields: [
        ...fund.review.fields,
        navField('2022-10-31', '10.10'),
        navField('2022-11-30'),
        navField('2022-12-30', '10.30'),
        navField('2022-11-15', '10.20'),
      ],
    };
    const rendered = await renderMemo(buildMemoInput(sources({ review })));
    const html = rendered.html.toString('utf8');

    expect(html).toContain(
      '<td>nav.value@A: newest of 3 dated values since 2022-10-31</td><td>10.30 USD</td><td>2022-12-30</td>',
    );
    expect(html).toContain('<td>nav.value@A#2022-11-30</td><td>blank (missing)</td>');
    expect(html).not.toContain('nav.value@A#2022-11-15');
    expect(
      rendered.figures.filter((figure) => figure.label.startsWith('nav.value')).map((f) => f.label),
    ).toEqual(['nav.value@A#2022-12-30']);
  });

  it('refuses a template version that was never released', () => {
    expect(() => loadTemplate('memo@99')).toThrow(expect.objectContaining({ code: 'TEMPLATE_NOT_FOUND' }));
  });

  // The NAV histories are not SEC documents: they stay in shared/, and the test skips without them.
  const withNav = realNavAvailable() ? it : it.skip;
  withNav(
    'charts NAV against the benchmark the fund states beside it and shows the KPI snapshot (real HDFC histories; skipped when shared/fixtures/real/nav is absent)',
    async () => {
      // HDFC Liquid's history stands in for the levels a NAV file states in its benchmark column.
      const fund = navHistoryClaims(HDFC_EQUITY, FUND_ID, 'Growth');
      const benchmark = navHistoryClaims(HDFC_LIQUID, FUND_ID, 'Growth', 'benchmark.level');
      const base = realFund();
      const input = buildMemoInput(
        sources({
          review: { ...base.review, asOf: '2016-05-31' },
          claims: [...base.claims, ...fund.claims, ...benchmark.claims],
        }),
      );
      const rendered = await renderMemo(input);
      const html = rendered.html.toString('utf8');

      expect(input.kpi?.returns['1Y'].value).not.toBeNull();
      expect(input.kpi?.relative.benchmark).toEqual({ id: UNNAMED_BENCHMARK, kind: 'stated' });
      expect(input.kpi?.relative.returns['1Y'].value).not.toBeNull();
      expect(input.benchmark?.claimIds).toHaveLength(benchmark.claims.length);
      expect(html).toContain('NAV vs benchmark (rebased to 100)');
      expect(html.match(/<polyline /g)).toHaveLength(2);
      expect(html).toContain(`${UNNAMED_BENCHMARK}, stated`);
      // Rendered again from the stored memo input (canonical JSON: keys sorted), windows stay shortest first.
      const stored = JSON.parse(memoInputBytes(input).toString('utf8')) as typeof input;
      expect((await renderMemo(stored)).html.toString('utf8')).toContain(
        '<th>Measure</th><th>1M</th><th>3M</th><th>1Y</th><th>3Y</th>',
      );
      expect(rendered.evidenceCoverage).toBe('1');
      expect(rendered.figures.filter((figure) => figure.section === 'kpi').map((f) => f.figureId)).toEqual(
        expect.arrayContaining(['kpi.return.1Y', 'kpi.volatility', 'kpi.max_drawdown', 'kpi.relative.1Y']),
      );
    },
  );

  withNav('names the stated benchmark as the fund’s documents name it, and cites that claim', () => {
    const fund = navHistoryClaims(HDFC_EQUITY, FUND_ID, 'Growth');
    const benchmark = navHistoryClaims(HDFC_LIQUID, FUND_ID, 'Growth', 'benchmark.level');
    const name = {
      ...benchmark.claims[0],
      claimId: 'claim-benchmark-name',
      metric: 'benchmark.name',
      value: 'CRISIL Liquid Fund Index',
      unit: 'text',
    };
    const base = realFund();
    const input = buildMemoInput(
      sources({
        review: { ...base.review, asOf: '2016-05-31' },
        claims: [...base.claims, ...fund.claims, ...benchmark.claims, name],
      }),
    );

    expect(input.benchmark).toMatchObject({ id: 'CRISIL Liquid Fund Index', kind: 'stated' });
    expect(input.kpi?.relative.benchmark).toEqual({ id: 'CRISIL Liquid Fund Index', kind: 'stated' });
    expect(input.claims.map((claim) => claim.claimId)).toContain('claim-benchmark-name');
  });

  withNav('measures against one stated series, never a patchwork of two files’ levels', () => {
    const fund = navHistoryClaims(HDFC_EQUITY, FUND_ID, 'Growth');
    const liquid = navHistoryClaims(HDFC_LIQUID, FUND_ID, 'Growth', 'benchmark.level');
    // A second, shorter file of other levels for some of the same dates.
    const other = liquid.claims.slice(0, 100).map((claim) => ({
      ...claim,
      claimId: `${claim.claimId}-other`,
      artefactId: 'art-other-benchmark',
      value: '1.00',
    }));
    const base = realFund();
    const input = buildMemoInput(
      sources({
        review: { ...base.review, asOf: '2016-05-31' },
        claims: [...base.claims, ...fund.claims, ...liquid.claims, ...other],
      }),
    );
    expect(input.benchmark?.claimIds).toEqual(liquid.claims.map((claim) => claim.claimId).sort());
  });

  it('states no benchmark when the fund’s documents give no benchmark levels', () => {
    const input = buildMemoInput(sources());
    expect(input.benchmark).toBeNull();
  });
});

describe('portfolio exception summary', () => {
  it('lists each drafted fund’s exceptions by status and the open ones, most material first', () => {
    const first = buildMemoInput(sources());
    const fund = realFund();
    const second = buildMemoInput(
      sources({
        review: {
          ...fund.review,
          fundId: 'fund-b',
          exceptions: [
            {
              ...fund.review.exceptions[1],
              exceptionId: 'exc-b-1',
              materialityScore: '0.9000',
              status: 'monitoring',
            },
          ],
        },
      }),
    );
    const html = renderPortfolioSummary(
      portfolioSummaryView(
        { portfolioId: 'pf-real', cycleId: 'pf-real-2022-12-scheduled', runId: 'run-1' },
        [second, first],
        [],
        CURRENT_TEMPLATE,
      ),
    ).toString('utf8');

    expect(html).toContain('Portfolio exception summary: pf-real, cycle pf-real-2022-12-scheduled');
    expect(html).toContain('<dt>Exceptions</dt><dd>3</dd>');
    expect(html).toContain('<td>fund-b</td><td>0</td><td>1</td><td>0</td><td>0</td>');
    expect(html.indexOf('exc-b-1')).toBeLessThan(html.indexOf('exc-ongoing-charges-missing'));
    expect(html).not.toMatch(/<td>exc-net-assets-drop<\/td>/);
    expect(html).not.toContain('held back');
  });

  it('lists the funds held back before drafting with the open exceptions that hold them', () => {
    const drafted = buildMemoInput(sources());
    const queued = (fundId: string, exceptionId: string, materialityScore: string) => ({
      exceptionId,
      portfolioId: 'pf-real',
      cycleId: 'pf-real-2022-12-scheduled',
      runId: 'run-1',
      fundId,
      kind: 'contradiction' as const,
      severity: 'high' as const,
      blocking: true,
      status: 'open' as const,
      materialityScore,
      title: `fund.net_assets of ${fundId}: sources disagree beyond tolerance`,
      slaDueAt: '2023-01-20T00:00:00.000Z',
      raisedAt: '2023-01-18T00:00:00.000Z',
    });
    const queue = [
      // The drafted fund's own open exception is already in its memo input: counted once.
      { ...queued(drafted.review.fundId, 'exc-ongoing-charges-missing', '0.1000') },
      queued('fund-held', 'exc-held-1', '0.9500'),
      queued('fund-held', 'exc-held-2', '0.2000'),
    ];
    const html = renderPortfolioSummary(
      portfolioSummaryView(
        { portfolioId: 'pf-real', cycleId: 'pf-real-2022-12-scheduled', runId: 'run-1' },
        [drafted],
        queue,
        CURRENT_TEMPLATE,
      ),
    ).toString('utf8');

    expect(html).toContain('<dt>Funds drafted</dt><dd>1</dd>');
    expect(html).toContain('<dt>Funds held back before drafting</dt><dd>1</dd>');
    expect(html).toContain(
      '<td>fund-held (held back before drafting)</td><td>2</td><td>0</td><td>0</td><td>0</td>',
    );
    expect(html.match(/<td>exc-ongoing-charges-missing<\/td>/g)).toHaveLength(1);
    expect(html.indexOf('exc-held-1')).toBeLessThan(html.indexOf('exc-ongoing-charges-missing'));
    expect(html).toContain('fund.net_assets of fund-held: sources disagree beyond tolerance');
  });
});
