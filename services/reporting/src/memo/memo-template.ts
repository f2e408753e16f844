import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateNotFoundError } from '../reporting-errors';
import { chartSvg } from './charts';
import type { MemoView } from './memo-view';
import type { PortfolioSummaryView } from './portfolio-summary';

/** Released templates live beside the sources, one directory per version: `templates/memo@1/`. */
export const TEMPLATE_DIR = resolve(__dirname, '../../templates');

/** The template new drafts pin; a released version never changes, a change is the next version. */
export const CURRENT_TEMPLATE = 'memo@1';

const VERSION = /^memo@[1-9]\d*$/;
const PARTIALS = ['table', 'facts'] as const;

export interface MemoTemplate {
  version: string;
  /** sha256 over the version's files (name and bytes, in name order): what the pack pins. */
  sha256: string;
  memo(view: MemoView): string;
  portfolioSummary(summary: PortfolioSummaryView): string;
}

const loaded = new Map<string, MemoTemplate>();

/** Loads (once) and compiles a template version in a Handlebars instance of its own. */
export function loadTemplate(version: string, directory: string = TEMPLATE_DIR): MemoTemplate {
  const key = `${directory}\u0000${version}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const folder = join(directory, version);
  if (
    !VERSION.test(version) ||
    !existsSync(join(folder, 'memo.hbs')) ||
    !existsSync(join(folder, 'portfolio-summary.hbs'))
  )
    throw new TemplateNotFoundError(version, knownTemplates(directory));
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.hbs'))
    .sort();
  const hash = createHash('sha256');
  const sources = new Map<string, string>();
  for (const name of files) {
    const bytes = readFileSync(join(folder, name));
    hash.update(name).update('\u0000').update(bytes);
    sources.set(name.slice(0, -'.hbs'.length), bytes.toString('utf8'));
  }
  const handlebars = Handlebars.create();
  for (const partial of PARTIALS) handlebars.registerPartial(partial, sources.get(partial) ?? '');
  // strict: a template naming a value the view does not have fails instead of printing nothing.
  const memo = handlebars.compile(sources.get('memo'), { strict: true });
  const summary = handlebars.compile(sources.get('portfolio-summary'), { strict: true });
  const template: MemoTemplate = {
    version,
    sha256: hash.digest('hex'),
    memo: (view) =>
      memo({
        ...view,
        kpiChart: view.kpi.chart ? chartSvg(view.kpi.chart) : '',
        holdingCharts: view.holdings.map(chartSvg),
      }),
    portfolioSummary: (data) => summary(data),
  };
  loaded.set(key, template);
  return template;
}

export function knownTemplates(directory: string = TEMPLATE_DIR): string[] {
  return existsSync(directory)
    ? readdirSync(directory)
        .filter((name) => VERSION.test(name))
        .sort()
    : [];
}
