import type { FilledBox, PdfPage, PdfSource, TextItem } from './pdf-document';
import { applyRuleSet, documentLines, selectRuleSet } from './layout-engine';
import { compileRuleSet, type LayoutRuleSet } from './layout-rules';

/** A text item as pdf.js would report it: glyphs about half the font size wide. */
function item(text: string, x: number, y: number, fontSize = 8): TextItem {
  return {
    text,
    baseline: y,
    fontSize,
    box: [x, y - 0.2 * fontSize, x + 0.5 * fontSize * text.length, y + 0.8 * fontSize],
  };
}

function source(items: TextItem[], fills: FilledBox[] = []): PdfSource {
  const page: PdfPage = { number: 1, view: [0, 0, 595, 842], items };
  return { pageCount: 1, pages: [page], fills: async () => fills };
}

const RULES: LayoutRuleSet = {
  family: 'synthetic-factsheet',
  version: 1,
  documentType: 'factsheet',
  match: [{ label: 'Synthetic Mutual Fund' }],
  asOf: 'as_of',
  rules: [
    {
      id: 'as_of',
      metric: 'document.as_of_date',
      valueType: 'date',
      anchor: { label: 'as on' },
      value: { where: 'same', pattern: 'as on (\\d{2}/\\d{2}/\\d{4})' },
    },
    {
      id: 'aum',
      metric: 'fund.net_assets',
      valueType: 'decimal',
      unit: 'INR',
      anchor: { label: 'Month End AUM' },
      value: { where: 'right', pattern: '(\\d[\\d,]*(?:\\.\\d+)?\\s*Cr\\.?)' },
    },
    {
      id: 'avg_aum',
      metric: 'fund.average_net_assets',
      valueType: 'decimal',
      unit: 'INR',
      anchor: { label: 'Avg. AUM' },
      value: { where: 'right', pattern: '(\\d[\\d,]*(?:\\.\\d+)?\\s*Cr\\.?)' },
    },
    {
      id: 'risk',
      kind: 'highlight',
      metric: 'risk.srri',
      valueType: 'code',
      anchor: { label: 'Lower risk' },
      region: { below: 40, right: 200 },
      candidates: '^[1-7]$',
      ignoreFills: ['#ffffff'],
    },
    {
      id: 'ongoing',
      metric: 'costs.ongoing_charges',
      valueType: 'decimal',
      unit: 'percent',
      anchor: { label: 'Ongoing charge' },
      value: { where: 'below', pattern: '^(\\d+(?:\\.\\d+)?)\\s*%' },
    },
  ],
};
const SET = compileRuleSet(RULES, 'synthetic-factsheet@1.yaml');

const header = [item('Synthetic Mutual Fund', 20, 800, 12), item('Report as on 30/04/2026', 300, 800)];
const scale = (highlighted: number[]) => ({
  items: [
    item('Lower risk', 20, 500),
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => item(String(n), 30 + 30 * (n - 1), 480, 10)),
  ],
  fills: [
    { box: [0, 0, 595, 842], colour: '#ffffff' } as FilledBox,
    ...[1, 2, 3, 4, 5, 6, 7].map((n): FilledBox => ({
      box: [25 + 30 * (n - 1), 474, 50 + 30 * (n - 1), 492],
      colour: highlighted.includes(n) ? '#0099cc' : '#ffffff',
    })),
  ],
});

async function run(items: TextItem[], fills: FilledBox[] = []) {
  const pdf = source([...header, ...items], fills);
  const lines = documentLines(pdf);
  expect(selectRuleSet(lines, [SET])).toBe(SET);
  return applyRuleSet(SET, pdf, lines);
}

describe('layout engine on synthetic pages', () => {
  it('reads labels and values drawn letter-spaced ("A v g. A UM"), keeping the text as drawn for evidence', async () => {
    const outcome = await run([
      item('M o n t h E n d A UM', 20, 720),
      item('I N R 2 , 5 2 5 C r .', 120, 720),
      item('A v g. A UM', 20, 705),
      item('INR 2,653 Cr.', 120, 705),
    ]);
    const aum = outcome.findings.find((f) => f.metric === 'fund.net_assets')!;
    expect(aum.value).toBe('25250000000');
    expect(aum.locator.text).toBe('I N R 2 , 5 2 5 C r .');
    expect(aum.locator.text.slice(...aum.locator.span!)).toBe('2 , 5 2 5 C r .');
    expect(aum.confidence).toBeLessThan(1);
    expect(aum.confidenceNote).toContain('synthetic-factsheet@1 «aum»');
    expect(outcome.findings.find((f) => f.metric === 'fund.average_net_assets')?.value).toBe('26530000000');
    expect(outcome.findings.find((f) => f.metric === 'document.as_of_date')?.value).toBe('2026-04-30');
  });

  it('reads a scale position from the one box filled in a colour of its own', async () => {
    const { items, fills } = scale([3]);
    const outcome = await run(items, fills);
    const risk = outcome.findings.find((f) => f.metric === 'risk.srri')!;
    expect(risk.value).toBe('3');
    expect(risk.locator).toMatchObject({ page: 1, box: [85, 474, 110, 492], text: '3' });
    expect(risk.confidenceNote).toContain('#0099cc');
  });

  it('claims nothing and says so when no box, or more than one, stands out', async () => {
    for (const highlighted of [[], [2, 5]]) {
      const { items, fills } = scale(highlighted);
      const outcome = await run(items, fills);
      expect(outcome.findings.filter((f) => f.metric === 'risk.srri')).toEqual([]);
      expect(outcome.coverage.missing).toContain('risk.srri');
      expect(outcome.warnings.map((w) => w.code)).toContain('PDF_HIGHLIGHT_AMBIGUOUS');
    }
  });

  it('reports rules whose anchor or value is missing, and an unreadable value as a blank', async () => {
    const outcome = await run([item('Ongoing charge', 20, 600), item('n/a %', 20, 590)]);
    expect(outcome.warnings).toContainEqual({
      code: 'PDF_RULE_NOT_MATCHED',
      message: 'synthetic-factsheet@1 «aum»: anchor "Month End AUM" not found.',
    });
    expect(outcome.warnings).toContainEqual({
      code: 'PDF_RULE_NOT_MATCHED',
      message: 'synthetic-factsheet@1 «ongoing»: no value where the rule expects it near "Ongoing charge".',
    });
    expect(outcome.coverage).toMatchObject({ expected: 5, found: 1 });
    const pdf = source([
      item('Synthetic Mutual Fund', 20, 800, 12),
      item('Report as on 31/02/2026', 300, 800),
    ]);
    const badDate = await applyRuleSet(SET, pdf, documentLines(pdf));
    expect(badDate.findings.find((f) => f.ruleId === 'as_of')).toMatchObject({
      value: null,
      blank: { kind: 'missing', reason: '"31/02/2026" is not a date' },
    });
    expect(badDate.warnings.map((w) => w.code)).toContain('PDF_VALUE_UNREADABLE');
  });

  it('matches a rule set only when every match selector occurs, and takes the newest version of a family', () => {
    const lines = documentLines(source([item('Another Fund House', 20, 800)]));
    expect(selectRuleSet(lines, [SET])).toBeUndefined();
    const newer = compileRuleSet({ ...RULES, version: 2 }, 'synthetic-factsheet@2.yaml');
    expect(selectRuleSet(documentLines(source(header)), [SET, newer])).toBe(newer);
  });
});
