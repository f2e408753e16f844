import type { Box, PdfPage, TextItem } from './pdf-document';

/**
 * Text the way a reader groups it: items on one baseline that follow each other closely form a run
 * ("Ongoing charge" and "0.15 %" are two runs; "0.15" and "%" are one). Each run keeps its items'
 * character ranges, so a value found in the run maps back to the boxes that drew it.
 */
export interface TextRun {
  page: number;
  text: string;
  box: Box;
  fontSize: number;
  parts: ReadonlyArray<{ start: number; end: number; box: Box }>;
}

/** Items whose baselines differ by less than this share of the font size sit on one line. */
const SAME_LINE = 0.35;
/**
 * A horizontal gap wider than this share of the font size starts a new run (a new column or cell).
 * Word spaces are about a quarter of it; the tightest real table columns (KIID bar-chart years) are 0.9.
 */
const RUN_BREAK = 0.8;
/** A gap wider than this share of the font size is a space between words. */
const WORD_GAP = 0.15;

export function textRuns(page: PdfPage): TextRun[] {
  return lines(page.items).flatMap((line) => splitRuns(line).map((items) => toRun(page.number, items)));
}

function lines(items: readonly TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => b.baseline - a.baseline || a.box[0] - b.box[0]);
  const result: Array<{ baseline: number; fontSize: number; items: TextItem[] }> = [];
  for (const item of sorted) {
    const line = result.find(
      (l) => Math.abs(l.baseline - item.baseline) < SAME_LINE * Math.min(l.fontSize, item.fontSize),
    );
    if (line) line.items.push(item);
    else result.push({ baseline: item.baseline, fontSize: item.fontSize, items: [item] });
  }
  return result.map((line) => line.items.sort((a, b) => a.box[0] - b.box[0]));
}

function splitRuns(line: readonly TextItem[]): TextItem[][] {
  const runs: TextItem[][] = [];
  for (const item of line) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (
      run &&
      previous &&
      item.box[0] - previous.box[2] <= RUN_BREAK * Math.max(previous.fontSize, item.fontSize)
    )
      run.push(item);
    else runs.push([item]);
  }
  return runs;
}

function toRun(page: number, items: readonly TextItem[]): TextRun {
  let text = '';
  const parts = items.map((item, index) => {
    const previous = items[index - 1];
    if (
      previous &&
      item.box[0] - previous.box[2] > WORD_GAP * item.fontSize &&
      !text.endsWith(' ') &&
      !item.text.startsWith(' ')
    )
      text += ' ';
    const start = text.length;
    text += item.text;
    return { start, end: text.length, box: item.box };
  });
  return {
    page,
    text,
    box: unionBox(items.map((i) => i.box)),
    fontSize: Math.max(...items.map((i) => i.fontSize)),
    parts,
  };
}

export function unionBox(boxes: readonly Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

export function centre(box: Box): [number, number] {
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}

export function contains(box: Box, [x, y]: [number, number], tolerance = 0): boolean {
  return (
    x >= box[0] - tolerance && x <= box[2] + tolerance && y >= box[1] - tolerance && y <= box[3] + tolerance
  );
}

/**
 * The part of a run that drew characters [start, end): its text, its box, and the span of the
 * characters inside that text. This is what a pdf locator records as evidence.
 */
export function excerpt(
  run: TextRun,
  start: number,
  end: number,
): { text: string; box: Box; span: [number, number] } {
  const overlapping = run.parts.filter((p) => p.start < end && p.end > start);
  const parts = overlapping.length > 0 ? overlapping : run.parts;
  const from = parts[0]?.start ?? 0;
  const to = parts.at(-1)?.end ?? run.text.length;
  return {
    text: run.text.slice(from, to),
    box: unionBox(parts.map((p) => p.box)),
    span: [start - from, end - from],
  };
}
