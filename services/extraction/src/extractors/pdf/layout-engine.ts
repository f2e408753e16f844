import type { Locator, TypedBlank } from '../../claims/claim';
import type { Box, FilledBox, PdfSource } from './pdf-document';
import { centre, contains, excerpt, textRuns, type TextRun } from './pdf-text-layout';
import {
  selectorPattern,
  type CompiledRuleSet,
  type HighlightRule,
  type LayoutRule,
  type Region,
  type Selector,
  type TableRule,
  type ValueRule,
  type ValueType,
} from './layout-rules';
import { parsePrintedDate, parsePrintedNumber, type DateOrder } from './printed-values';
import { normaliseText, originalSpan, type NormalisedText } from './text-normaliser';

export type PdfLocator = Extract<Locator, { kind: 'pdf' }>;

/** What one rule read, before it becomes a claim. */
export interface Finding {
  ruleId: string;
  metric: string;
  unit: string;
  value: string | null;
  blank?: TypedBlank;
  locator: PdfLocator;
  shareClass?: string;
  subject?: string;
  asOf?: string;
  confidence: number;
  confidenceNote: string;
}

export interface LayoutOutcome {
  findings: Finding[];
  coverage: { expected: number; found: number; missing: string[] };
  warnings: Array<{ code: string; message: string }>;
}

/** A run with its text as rules match it. */
interface Line {
  run: TextRun;
  norm: NormalisedText;
}

const DEFAULT_CONFIDENCE = 0.9;
const HIGHLIGHT_CONFIDENCE = 0.8;
const TABLE_CONFIDENCE = 0.85;
const RIGHT_DISTANCE = 250;
const BELOW_DISTANCE = 30;
const DEFAULT_MAX_FILL_AREA = 5000;
const DEFAULT_UNITS: Record<ValueType, string> = {
  decimal: 'count',
  date: 'date',
  code: 'text',
  text: 'text',
};

/** The lines of every page, top to bottom, in page order. */
export function documentLines(pdf: PdfSource): Line[] {
  return pdf.pages.flatMap((page) => textRuns(page).map((run) => ({ run, norm: normaliseText(run.text) })));
}

/**
 * The rule set whose `match` selectors all occur in the document: the newest version of the first
 * family that matches (older versions stay on disk so earlier results can be reproduced).
 */
export function selectRuleSet(
  lines: readonly Line[],
  sets: readonly CompiledRuleSet[],
): CompiledRuleSet | undefined {
  const text = lines.map((l) => l.norm.text).join('\n');
  const matching = sets.filter((set) => set.matchers.every((matcher) => matcher.test(text)));
  const family = matching[0]?.family;
  return matching.filter((set) => set.family === family).sort((a, b) => b.version - a.version)[0];
}

/** Runs every rule of the set over the document; a rule that finds nothing is reported, never guessed. */
export async function applyRuleSet(
  set: CompiledRuleSet,
  pdf: PdfSource,
  lines: readonly Line[],
): Promise<LayoutOutcome> {
  const findings: Finding[] = [];
  const warnings: LayoutOutcome['warnings'] = [];
  const expected: Array<{ metric: string; found: boolean }> = [];
  const fillsByPage = new Map<number, Promise<FilledBox[]>>();
  const fills = (page: number) => fillsByPage.get(page) ?? fillsByPage.set(page, pdf.fills(page)).get(page)!;
  const context = { set, lines, dateOrder: set.dateOrder ?? 'DMY', fills };
  for (const rule of set.rules) {
    const result = await applyRule(rule, context);
    findings.push(...result.findings);
    warnings.push(...result.warnings);
    if (rule.expected === false) continue;
    for (const metric of result.expectedMetrics) {
      expected.push({ metric, found: result.findings.some((f) => f.metric === metric && f.value !== null) });
    }
  }
  const missing = expected.filter((e) => !e.found).map((e) => e.metric);
  return {
    findings,
    warnings,
    coverage: {
      expected: expected.length,
      found: expected.length - missing.length,
      missing: [...new Set(missing)],
    },
  };
}

interface RuleContext {
  set: CompiledRuleSet;
  lines: readonly Line[];
  dateOrder: DateOrder;
  fills: (page: number) => Promise<FilledBox[]>;
}

interface RuleResult {
  findings: Finding[];
  warnings: LayoutOutcome['warnings'];
  expectedMetrics: string[];
}

function applyRule(rule: LayoutRule, context: RuleContext): Promise<RuleResult> | RuleResult {
  switch (rule.kind) {
    case 'highlight':
      return applyHighlight(rule, context);
    case 'table':
      return applyTable(rule, context);
    case 'value':
    case undefined:
      return applyValue(rule, context);
  }
}

// ───────────── value: a label, then the value in the same run, to its right or below it ─────────────

function applyValue(rule: ValueRule, context: RuleContext): RuleResult {
  const pattern = new RegExp(rule.value.pattern, 'iu');
  for (const anchor of anchors(rule.anchor, context.lines)) {
    for (const line of valueCandidates(rule, anchor, context.lines)) {
      const from =
        line === anchor.line ? anchor.index + (rule.value.where === 'same' ? 0 : anchor.text.length) : 0;
      const match = pattern.exec(line.norm.text.slice(from));
      if (!match || match[1] === undefined) continue;
      const start = from + match.index + match[0].indexOf(match[1]);
      const where =
        rule.value.where === 'same'
          ? 'in the same line as'
          : rule.value.where === 'right'
            ? 'right of'
            : 'below';
      const note = `${context.set.key} «${rule.id}»: value ${where} "${anchor.text}" on page ${line.run.page}`;
      const finding = toFinding(
        rule,
        context,
        line,
        start,
        start + match[1].length,
        rule.confidence ?? context.set.confidence ?? DEFAULT_CONFIDENCE,
        note,
      );
      return { findings: [finding], warnings: unreadableWarning(finding), expectedMetrics: [rule.metric] };
    }
  }
  return notFound(rule, context, [rule.metric]);
}

function valueCandidates(rule: ValueRule, anchor: AnchorHit, lines: readonly Line[]): Line[] {
  const a = anchor.line.run.box;
  const onPage = lines.filter((l) => l.run.page === anchor.line.run.page);
  switch (rule.value.where) {
    case 'same':
      return [anchor.line];
    case 'right': {
      // The rest of the anchor's own run first: a short gap may have joined label and value.
      const [, midY] = centre(a);
      const limit = rule.value.maxDistance ?? RIGHT_DISTANCE;
      const toTheRight = onPage
        .filter(
          (l) =>
            l.run.box[0] >= a[2] - 1 &&
            l.run.box[0] - a[2] <= limit &&
            l.run.box[1] <= midY &&
            l.run.box[3] >= midY,
        )
        .sort((x, y) => x.run.box[0] - y.run.box[0]);
      return [anchor.line, ...toTheRight];
    }
    case 'below': {
      const limit = rule.value.maxDistance ?? BELOW_DISTANCE;
      const slack = anchor.line.run.fontSize;
      return onPage
        .filter(
          (l) =>
            l.run.box[3] <= a[1] + 1 &&
            a[1] - l.run.box[3] <= limit &&
            l.run.box[0] <= a[2] + slack &&
            l.run.box[2] >= a[0] - slack,
        )
        .sort((x, y) => y.run.box[3] - x.run.box[3]);
    }
  }
}

// ───────────── highlight: the one label of a scale drawn inside a filled box ─────────────

async function applyHighlight(rule: HighlightRule, context: RuleContext): Promise<RuleResult> {
  const candidatePattern = new RegExp(rule.candidates, 'iu');
  const ignored = new Set((rule.ignoreFills ?? []).map((c) => c.toLowerCase()));
  const maxArea = rule.maxFillArea ?? DEFAULT_MAX_FILL_AREA;
  for (const anchor of anchors(rule.anchor, context.lines)) {
    const region = regionAround(anchor.line.run.box, rule.region);
    const candidates = inRegion(context.lines, anchor.line.run.page, region).filter((l) =>
      candidatePattern.test(l.norm.text),
    );
    if (candidates.length < 2) continue;
    const fills = (await context.fills(anchor.line.run.page)).filter(
      (f) => !ignored.has(f.colour) && area(f.box) <= maxArea,
    );
    const covered = candidates.flatMap((line) => {
      const fill = fills
        .filter((f) => contains(f.box, centre(line.run.box)))
        .sort((x, y) => area(x.box) - area(y.box))[0];
      return fill ? [{ line, fill }] : [];
    });
    const byColour = new Map<string, typeof covered>();
    for (const c of covered) byColour.set(c.fill.colour, [...(byColour.get(c.fill.colour) ?? []), c]);
    const singles = [...byColour.values()].filter((group) => group.length === 1);
    if (singles.length !== 1 || covered.length === candidates.length) {
      return {
        findings: [],
        warnings: [
          {
            code: 'PDF_HIGHLIGHT_AMBIGUOUS',
            message: `${context.set.key} «${rule.id}»: ${covered.length} of ${candidates.length} scale labels near "${anchor.text}" are in filled boxes; none stands out alone.`,
          },
        ],
        expectedMetrics: [rule.metric],
      };
    }
    const [{ line, fill }] = singles[0];
    const label = line.norm.text.trim();
    const note = `${context.set.key} «${rule.id}»: "${label}" is the only label of the scale near "${anchor.text}" drawn in a box filled ${fill.colour} (page ${line.run.page}); read from the drawing, not from text`;
    return {
      findings: [
        {
          ruleId: rule.id,
          metric: rule.metric,
          unit: rule.unit ?? DEFAULT_UNITS[rule.valueType ?? 'code'],
          value: label,
          locator: {
            kind: 'pdf',
            page: line.run.page,
            box: roundBox(fill.box),
            text: line.run.text,
            span: [0, line.run.text.length],
          },
          confidence: rule.confidence ?? HIGHLIGHT_CONFIDENCE,
          confidenceNote: note,
        },
      ],
      warnings: [],
      expectedMetrics: [rule.metric],
    };
  }
  return notFound(rule, context, [rule.metric]);
}

// ───────────── table: row labels × column headers inside a region below an anchor ─────────────

interface Axis {
  line: Line;
  name: string;
  metric?: string;
}

function applyTable(rule: TableRule, context: RuleContext): RuleResult {
  const valuePattern = new RegExp(rule.value.pattern, 'iu');
  const rowMetrics = rule.rows.map((row) => row.metric ?? rule.metric ?? '');
  for (const anchor of anchors(rule.anchor, context.lines)) {
    const region = regionAround(anchor.line.run.box, rule.region);
    const lines = inRegion(context.lines, anchor.line.run.page, region);
    const rows = axis(rule.rows, lines);
    const columns = axis(rule.columns, lines);
    if (rows.length === 0 || columns.length === 0) continue;
    const headers = new Set([...rows, ...columns].map((a) => a.line));
    const cells = lines.filter((l) => !headers.has(l));
    const findings = rows.flatMap((row) =>
      columns.map((column) => tableCell(rule, context, row, column, cells, valuePattern)),
    );
    const expectedMetrics = [...new Set(rows.map((r) => r.metric ?? rule.metric ?? ''))];
    return { findings, warnings: findings.flatMap(unreadableWarning), expectedMetrics };
  }
  return notFound(rule, context, [...new Set(rowMetrics)]);
}

function axis(selectors: TableRule['rows'], lines: readonly Line[]): Axis[] {
  return selectors.flatMap((selector) => {
    const pattern =
      selector.label !== undefined
        ? new RegExp(`^${selectorPattern(selector).source}$`, 'iu')
        : selectorPattern(selector);
    return lines.flatMap((line) => {
      const match = pattern.exec(line.norm.text);
      return match ? [{ line, name: (match[1] ?? match[0]).trim(), metric: selector.metric }] : [];
    });
  });
}

function tableCell(
  rule: TableRule,
  context: RuleContext,
  row: Axis,
  column: Axis,
  cells: readonly Line[],
  pattern: RegExp,
): Finding {
  const [rowBox, columnBox] = [row.line.run.box, column.line.run.box];
  const tolerance = 0.3 * row.line.run.fontSize;
  const overlap = (box: Box) =>
    Math.min(box[2], columnBox[2] + tolerance) - Math.max(box[0], columnBox[0] - tolerance);
  const cell = cells
    .filter((l) => {
      const [, y] = centre(l.run.box);
      return (
        y >= rowBox[1] - tolerance &&
        y <= rowBox[3] + tolerance &&
        overlap(l.run.box) > 0 &&
        pattern.test(l.norm.text)
      );
    })
    .sort((a, b) => overlap(b.run.box) - overlap(a.run.box))[0];
  const fill = (template: string | undefined) =>
    template?.replace('{row}', row.name).replace('{column}', column.name);
  const place = { shareClass: fill(rule.shareClass), subject: fill(rule.subject), asOf: fill(rule.asOf) };
  const metric = row.metric ?? column.metric ?? rule.metric ?? '';
  const confidence = rule.confidence ?? context.set.confidence ?? TABLE_CONFIDENCE;
  const note = `${context.set.key} «${rule.id}»: cell of row "${row.name}" and column "${column.name}" (page ${row.line.run.page})`;
  if (!cell) {
    const header = column.line.run;
    return {
      ruleId: rule.id,
      metric,
      unit: rule.unit ?? DEFAULT_UNITS[rule.valueType ?? 'decimal'],
      value: null,
      blank: { kind: 'missing', reason: `nothing is printed for row "${row.name}", column "${column.name}"` },
      locator: { kind: 'pdf', page: header.page, box: roundBox(header.box), text: header.text },
      ...place,
      confidence,
      confidenceNote: note,
    };
  }
  const match = pattern.exec(cell.norm.text)!;
  const captured = match[1] ?? match[0];
  const start = match.index + match[0].indexOf(captured);
  return {
    ...toFinding({ ...rule, metric }, context, cell, start, start + captured.length, confidence, note),
    ...place,
  };
}

// ───────────── shared ─────────────

interface AnchorHit {
  line: Line;
  /** Where the anchor starts in the line's normalised text. */
  index: number;
  text: string;
}

function anchors(selector: Selector, lines: readonly Line[]): AnchorHit[] {
  const pattern = selectorPattern(selector);
  return lines.flatMap((line) => {
    const match = pattern.exec(line.norm.text);
    return match ? [{ line, index: match.index, text: match[0] }] : [];
  });
}

function regionAround(box: Box, region: Region): Box {
  return [
    box[0] - (region.left ?? 0),
    box[1] - (region.below ?? 0),
    box[2] + (region.right ?? 0),
    box[3] + (region.above ?? 0),
  ];
}

function inRegion(lines: readonly Line[], page: number, region: Box): Line[] {
  return lines.filter((l) => l.run.page === page && contains(region, centre(l.run.box)));
}

function area(box: Box): number {
  return (box[2] - box[0]) * (box[3] - box[1]);
}

/** Two decimals are finer than any printed glyph; rounding keeps locators (and claim ids) stable and short. */
function roundBox(box: Box): Box {
  return box.map((v) => Math.round(v * 100) / 100) as Box;
}

function toFinding(
  rule: { id: string; metric?: string; valueType?: ValueType; unit?: string },
  context: RuleContext,
  line: Line,
  start: number,
  end: number,
  confidence: number,
  confidenceNote: string,
): Finding {
  const [from, to] = originalSpan(line.norm, start, end);
  const evidence = excerpt(line.run, from, to);
  const printed = line.run.text.slice(from, to);
  const valueType = rule.valueType ?? 'text';
  const value = readPrinted(line.norm.text.slice(start, end), valueType, context.dateOrder);
  return {
    ruleId: rule.id,
    metric: rule.metric ?? '',
    unit: rule.unit ?? DEFAULT_UNITS[valueType],
    value,
    ...(value === null && {
      blank: { kind: 'missing', reason: `"${printed}" is not a ${valueType === 'date' ? 'date' : 'number'}` },
    }),
    locator: {
      kind: 'pdf',
      page: line.run.page,
      box: roundBox(evidence.box),
      text: evidence.text,
      span: evidence.span,
    },
    confidence,
    confidenceNote,
  };
}

/** The claim value of (normalised) printed text: numbers and dates parsed, codes and text as they read. */
export function readPrinted(normalised: string, valueType: ValueType, order: DateOrder): string | null {
  switch (valueType) {
    case 'decimal':
      return parsePrintedNumber(normalised)?.value ?? null;
    case 'date':
      return parsePrintedDate(normalised, order) ?? null;
    case 'code':
    case 'text':
      return normalised.trim();
  }
}

function unreadableWarning(finding: Finding): LayoutOutcome['warnings'] {
  return finding.value === null && finding.blank && finding.locator.span
    ? [{ code: 'PDF_VALUE_UNREADABLE', message: `${finding.confidenceNote}: ${finding.blank.reason}.` }]
    : [];
}

function notFound(rule: LayoutRule, context: RuleContext, expectedMetrics: string[]): RuleResult {
  const anchorText = rule.anchor.label ?? rule.anchor.pattern;
  const found = anchors(rule.anchor, context.lines).length > 0;
  return {
    findings: [],
    warnings: [
      {
        code: 'PDF_RULE_NOT_MATCHED',
        message: `${context.set.key} «${rule.id}»: ${found ? `no value where the rule expects it near "${anchorText}"` : `anchor "${anchorText}" not found`}.`,
      },
    ],
    expectedMetrics,
  };
}
