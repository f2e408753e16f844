import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FaiError } from '@fai/contracts';
import { isKnownMetric } from '../../claims/metric-vocabulary';
import type { DateOrder } from './printed-values';
import { labelPattern } from './text-normaliser';

/** Versioned layout configuration lives beside the service's sources: `services/extraction/layout-rules`. */
export const LAYOUT_RULES_DIR = resolve(__dirname, '../../../layout-rules');
const SCHEMA_FILE = 'layout-rules.schema.json';

export type ValueType = 'decimal' | 'date' | 'code' | 'text';

export interface Selector {
  label?: string;
  pattern?: string;
}

export interface Region {
  left?: number;
  right?: number;
  above?: number;
  below?: number;
}

interface RuleBase {
  id: string;
  metric?: string;
  valueType?: ValueType;
  unit?: string;
  expected?: boolean;
  confidence?: number;
  anchor: Selector;
}

export interface ValueRule extends RuleBase {
  kind?: 'value';
  metric: string;
  value: { where: 'same' | 'right' | 'below'; maxDistance?: number; pattern: string };
}

export interface HighlightRule extends RuleBase {
  kind: 'highlight';
  metric: string;
  region: Region;
  candidates: string;
  ignoreFills?: string[];
  maxFillArea?: number;
}

export interface TableRule extends RuleBase {
  kind: 'table';
  region: Region;
  rows: Array<Selector & { metric?: string }>;
  columns: Array<Selector & { metric?: string }>;
  value: { pattern: string };
  shareClass?: string;
  subject?: string;
  asOf?: string;
}

export type LayoutRule = ValueRule | HighlightRule | TableRule;

/** One document family's rules, as written in `layout-rules/<family>@<version>.yaml`. */
export interface LayoutRuleSet {
  family: string;
  version: number;
  documentType: 'kiid' | 'factsheet';
  description?: string;
  match: Selector[];
  asOf: string;
  dateOrder?: DateOrder;
  fund?: { isin?: string; name?: string };
  shareClass?: string;
  confidence?: number;
  rules: LayoutRule[];
}

/** A rule set with its patterns compiled, ready to run. */
export interface CompiledRuleSet extends LayoutRuleSet {
  /** `family@version`, e.g. `lg-kiid@1`. */
  key: string;
  matchers: RegExp[];
}

export class LayoutRulesInvalidError extends FaiError {
  constructor(file: string, problems: string[]) {
    super({
      code: 'EXTRACTION_LAYOUT_RULES_INVALID',
      message: `Layout rule file ${file} is invalid: ${problems.join('; ')}`,
      hint: `Fix ${file} so that it follows ${SCHEMA_FILE} and names metrics from the vocabulary.`,
      details: { file, problems },
    });
  }
}

/** Selector → pattern on normalised text; a label tolerates case and letter-spacing. */
export function selectorPattern(selector: Selector): RegExp {
  return selector.label !== undefined
    ? labelPattern(selector.label)
    : new RegExp(selector.pattern ?? '', 'iu');
}

const cache = new Map<string, CompiledRuleSet[]>();

/** Every `*.yaml` rule set in the directory, validated against the schema and the metric vocabulary. */
export function loadLayoutRuleSets(directory: string = LAYOUT_RULES_DIR): CompiledRuleSet[] {
  const cached = cache.get(directory);
  if (cached) return cached;
  const validate = new Ajv({ allErrors: true, useDefaults: true }).compile(
    JSON.parse(readFileSync(join(directory, SCHEMA_FILE), 'utf8')),
  );
  const sets = readdirSync(directory)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => {
      const content: unknown = parseYaml(readFileSync(join(directory, file), 'utf8'));
      if (!validate(content)) {
        throw new LayoutRulesInvalidError(
          file,
          (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`),
        );
      }
      return compileRuleSet(content as LayoutRuleSet, file);
    });
  cache.set(directory, sets);
  return sets;
}

export function compileRuleSet(set: LayoutRuleSet, file: string): CompiledRuleSet {
  const problems = [
    ...(`${set.family}@${set.version}` !== file.replace(/\.ya?ml$/, '')
      ? [`file name must be ${set.family}@${set.version}.yaml`]
      : []),
    ...ruleProblems(set),
  ];
  if (problems.length > 0) throw new LayoutRulesInvalidError(file, problems);
  return { ...set, key: `${set.family}@${set.version}`, matchers: set.match.map(selectorPattern) };
}

function ruleProblems(set: LayoutRuleSet): string[] {
  const ids = new Set(set.rules.map((r) => r.id));
  const metrics = set.rules.flatMap((rule) => [
    rule.metric,
    ...(rule.kind === 'table' ? [...rule.rows, ...rule.columns].map((a) => a.metric) : []),
  ]);
  const patterns = set.rules.flatMap((rule) => [
    rule.anchor.pattern,
    rule.kind === 'highlight' ? rule.candidates : rule.value.pattern,
    ...(rule.kind === 'table' ? [...rule.rows, ...rule.columns].map((a) => a.pattern) : []),
  ]);
  return [
    ...(ids.size !== set.rules.length ? ['rule ids must be unique'] : []),
    ...[set.asOf, set.fund?.isin, set.fund?.name, set.shareClass]
      .filter((id) => id !== undefined && !ids.has(id))
      .map((id) => `no rule "${id}"`),
    ...metrics
      .filter((m): m is string => m !== undefined && !isKnownMetric(m))
      .map((m) => `unknown metric "${m}"`),
    ...set.rules
      .filter(
        (r) =>
          r.kind === 'table' &&
          !r.metric &&
          !r.rows.every((a) => a.metric) &&
          !r.columns.every((a) => a.metric),
      )
      .map((r) => `table "${r.id}" needs a metric for every cell (on the rule, every row or every column)`),
    ...patterns
      .filter((p): p is string => p !== undefined && !compiles(p))
      .map((p) => `invalid pattern ${p}`),
  ];
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}
