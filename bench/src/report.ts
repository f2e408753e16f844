/** One printed line of a benchmark: what FAI did, the raw ceiling beside it, and the target ratio. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  raw?: number;
  /** Minimum (or, with `lowerIsBetter`, maximum) acceptable value of value/raw, or of value alone when no raw. */
  target?: number;
  lowerIsBetter?: boolean;
}

export function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n## ${title}`);
  console.log(['figure', 'fai', 'raw ceiling', 'ratio', 'target', 'verdict'].join(' | '));
  for (const f of figures) {
    const ratio = f.raw ? f.value / f.raw : undefined;
    const measured = ratio ?? f.value;
    const meets =
      f.target === undefined ? '' : (f.lowerIsBetter ? measured <= f.target : measured >= f.target) ? 'meets' : 'MISSES';
    console.log(
      [
        f.name,
        `${fmt(f.value)} ${f.unit}`,
        f.raw === undefined ? '-' : `${fmt(f.raw)} ${f.unit}`,
        ratio === undefined ? '-' : ratio.toFixed(2),
        f.target === undefined ? '-' : `${f.lowerIsBetter ? '≤' : '≥'} ${f.target}`,
        meets,
      ].join(' | '),
    );
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2);
}
