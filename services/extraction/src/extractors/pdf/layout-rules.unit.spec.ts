import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileRuleSet,
  LAYOUT_RULES_DIR,
  LayoutRulesInvalidError,
  loadLayoutRuleSets,
  type LayoutRuleSet,
} from './layout-rules';

const VALID: LayoutRuleSet = {
  family: 'example-kiid',
  version: 2,
  documentType: 'kiid',
  match: [{ label: 'Key Investor Information' }],
  asOf: 'date',
  rules: [
    {
      id: 'date',
      metric: 'document.as_of_date',
      valueType: 'date',
      anchor: { label: 'accurate as at' },
      value: { where: 'same', pattern: 'as at (.+)' },
    },
  ],
};

function problems(set: LayoutRuleSet, file = 'example-kiid@2.yaml'): string[] {
  try {
    compileRuleSet(set, file);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(LayoutRulesInvalidError);
    return (error as LayoutRulesInvalidError).details?.problems as string[];
  }
}

describe('layout rule sets', () => {
  it('loads the versioned rule sets shipped with the service', () => {
    const sets = loadLayoutRuleSets();
    expect(sets.map((s) => s.key)).toEqual([
      'fai-sample-factsheet@1',
      'fai-sample-factsheet@2',
      'lg-kiid@1',
      'sbi-factsheet@1',
      'sundaram-factsheet@1',
    ]);
    expect(sets.map((s) => s.documentType)).toEqual(['factsheet', 'factsheet', 'kiid', 'factsheet', 'factsheet']);
  });

  it('refuses a rule set that names an unknown metric or rule, repeats an id, or has a bad pattern or file name', () => {
    expect(problems(VALID)).toEqual([]);
    expect(problems({ ...VALID, asOf: 'missing' })).toEqual(['no rule "missing"']);
    expect(
      problems({
        ...VALID,
        rules: [{ ...VALID.rules[0], metric: 'fund.size' } as LayoutRuleSet['rules'][number]],
      }),
    ).toEqual(['unknown metric "fund.size"']);
    expect(problems({ ...VALID, rules: [VALID.rules[0], VALID.rules[0]] })).toEqual([
      'rule ids must be unique',
    ]);
    expect(problems({ ...VALID, rules: [{ ...VALID.rules[0], anchor: { pattern: '(' } }] })).toEqual([
      'invalid pattern (',
    ]);
    expect(problems(VALID, 'example-kiid@1.yaml')).toEqual(['file name must be example-kiid@2.yaml']);
  });

  it('validates every file against the JSON Schema', () => {
    const directory = mkdtempSync(join(tmpdir(), 'layout-rules-'));
    try {
      copyFileSync(
        join(LAYOUT_RULES_DIR, 'layout-rules.schema.json'),
        join(directory, 'layout-rules.schema.json'),
      );
      writeFileSync(
        join(directory, 'broken@1.yaml'),
        'family: broken\nversion: 1\ndocumentType: brochure\nmatch: []\nasOf: x\nrules: []\n',
      );
      expect(() => loadLayoutRuleSets(directory)).toThrow(LayoutRulesInvalidError);
      try {
        loadLayoutRuleSets(directory);
      } catch (error) {
        expect((error as LayoutRulesInvalidError).code).toBe('EXTRACTION_LAYOUT_RULES_INVALID');
        expect((error as LayoutRulesInvalidError).message).toContain(
          '/documentType must be equal to one of the allowed values',
        );
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
