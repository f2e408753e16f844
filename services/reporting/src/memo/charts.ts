import Decimal from 'decimal.js';

/*
 * Charts as geometry first, then as SVG: the HTML memo inlines the SVG and the PDF draws the same
 * geometry, so both show one picture. Coordinates are decimal arithmetic rounded to two places:
 * the same series always gives the same bytes.
 */

export interface ChartPoint {
  date: string;
  value: string;
}

export interface LineSeries {
  name: string;
  points: readonly ChartPoint[];
}

export interface Polyline {
  name: string;
  colour: string;
  points: Array<[number, number]>;
}

export interface LineChart {
  kind: 'line';
  title: string;
  width: number;
  height: number;
  lines: Polyline[];
  /** Axis labels: first and last date, lowest and highest rebased level. */
  labels: Array<{ x: number; y: number; text: string; anchor: 'start' | 'end' }>;
}

export interface Bar {
  label: string;
  value: Decimal;
  text: string;
}

export interface BarChart {
  kind: 'bar';
  title: string;
  width: number;
  height: number;
  bars: Array<{ label: string; text: string; x: number; y: number; width: number; height: number }>;
}

export type Chart = LineChart | BarChart;

const COLOURS = ['#1f4e79', '#c55a11'];
const WIDTH = 640;
const LINE_HEIGHT = 240;
const MARGIN = { left: 48, right: 16, top: 24, bottom: 28 };
/** A chart keeps at most this many points per line: enough for a page, small for the file. */
const MAX_POINTS = 160;
const BAR_ROW = 20;
const BAR_LABEL_WIDTH = 220;

/**
 * Each series rebased to 100 at its first point in the window, so a fund and its benchmark
 * compare however they are priced. Series are drawn over the dates they share with the first.
 */
export function lineChart(title: string, series: readonly LineSeries[]): LineChart {
  const start = series[0]?.points[0]?.date;
  const end = series[0]?.points[series[0].points.length - 1]?.date;
  const inWindow = series
    .map((line) => ({
      ...line,
      points: line.points.filter((p) => start && end && p.date >= start && p.date <= end),
    }))
    .filter((line) => line.points.length > 1);
  const rebased = inWindow.map((line) => {
    const base = new Decimal(line.points[0].value);
    return {
      name: line.name,
      points: sample(line.points).map((p) => ({
        date: p.date,
        level: new Decimal(p.value).div(base).times(100),
      })),
    };
  });
  const levels = rebased.flatMap((line) => line.points.map((p) => p.level));
  const low = levels.length ? Decimal.min(...levels) : new Decimal(100);
  const high = levels.length ? Decimal.max(...levels) : new Decimal(100);
  const span = high.minus(low).isZero() ? new Decimal(1) : high.minus(low);
  const first = start ? dayNumber(start) : 0;
  const days = Math.max(1, end ? dayNumber(end) - first : 1);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = LINE_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (date: string) =>
    round(new Decimal(dayNumber(date) - first).div(days).times(plotWidth).plus(MARGIN.left));
  const y = (level: Decimal) => round(high.minus(level).div(span).times(plotHeight).plus(MARGIN.top));
  return {
    kind: 'line',
    title,
    width: WIDTH,
    height: LINE_HEIGHT,
    lines: rebased.map((line, index) => ({
      name: line.name,
      colour: COLOURS[index % COLOURS.length],
      points: line.points.map((p) => [x(p.date), y(p.level)]),
    })),
    labels:
      start && end && levels.length
        ? [
            { x: MARGIN.left, y: LINE_HEIGHT - 8, text: start, anchor: 'start' },
            { x: WIDTH - MARGIN.right, y: LINE_HEIGHT - 8, text: end, anchor: 'end' },
            { x: MARGIN.left - 4, y: MARGIN.top + 4, text: high.toFixed(1), anchor: 'end' },
            { x: MARGIN.left - 4, y: LINE_HEIGHT - MARGIN.bottom, text: low.toFixed(1), anchor: 'end' },
          ]
        : [],
  };
}

/** Horizontal bars scaled to the largest value. */
export function barChart(title: string, bars: readonly Bar[]): BarChart {
  const max = bars.length ? Decimal.max(...bars.map((bar) => bar.value.abs())) : new Decimal(1);
  const scale = max.isZero() ? new Decimal(1) : max;
  const plotWidth = WIDTH - BAR_LABEL_WIDTH - 80;
  return {
    kind: 'bar',
    title,
    width: WIDTH,
    height: MARGIN.top + bars.length * BAR_ROW + 8,
    bars: bars.map((bar, index) => ({
      label: bar.label,
      text: bar.text,
      x: BAR_LABEL_WIDTH,
      y: MARGIN.top + index * BAR_ROW,
      width: round(bar.value.abs().div(scale).times(plotWidth)),
      height: BAR_ROW - 6,
    })),
  };
}

export function chartSvg(chart: Chart): string {
  const body =
    chart.kind === 'line'
      ? [
          ...chart.lines.map(
            (line) =>
              `<polyline fill="none" stroke="${line.colour}" stroke-width="1.5" points="${line.points
                .map(([px, py]) => `${px},${py}`)
                .join(' ')}"><title>${escapeXml(line.name)}</title></polyline>`,
          ),
          ...chart.lines.map(
            (line, index) =>
              `<text x="${WIDTH - MARGIN.right}" y="${MARGIN.top + 12 * index}" text-anchor="end" fill="${line.colour}">${escapeXml(line.name)}</text>`,
          ),
          ...chart.labels.map(
            (label) =>
              `<text x="${label.x}" y="${label.y}" text-anchor="${label.anchor}">${escapeXml(label.text)}</text>`,
          ),
        ]
      : chart.bars.flatMap((bar) => [
          `<text x="${bar.x - 6}" y="${bar.y + bar.height - 3}" text-anchor="end">${escapeXml(truncate(bar.label, 36))}</text>`,
          `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="${COLOURS[0]}"/>`,
          `<text x="${round(new Decimal(bar.x).plus(bar.width).plus(4))}" y="${bar.y + bar.height - 3}">${escapeXml(bar.text)}</text>`,
        ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}" font-family="Helvetica, Arial, sans-serif" font-size="10">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<text x="0" y="14" font-size="12" font-weight="bold">${escapeXml(chart.title)}</text>`,
    ...body,
    '</svg>',
  ].join('');
}

export function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Every k-th point and the last, so the line keeps its shape and its end. */
function sample<T>(points: readonly T[]): T[] {
  if (points.length <= MAX_POINTS) return [...points];
  const step = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, index) => index % step === 0 || index === points.length - 1);
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

function round(value: Decimal): number {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toNumber();
}
