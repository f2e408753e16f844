import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The alert rules of the system; the umbrella chart installs the same file as a PrometheusRule. */
export const ALERT_RULES_FILE = join(__dirname, '..', 'prometheus', 'rules.yaml');

export interface AlertRule {
  group: string;
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<Omit<AlertRule, 'group'>> }>;
}

export function readAlertRules(file = ALERT_RULES_FILE): AlertRule[] {
  const { groups } = parse(readFileSync(file, 'utf8')) as RuleFile;
  return groups.flatMap((group) => group.rules.map((rule) => ({ ...rule, group: group.name })));
}
