import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyInvalidError, PolicyKindMismatchError, PolicyVersionUnknownError } from '@fai/contracts';
import { pinnedV1, repoPolicies, variant } from '../../test/validation-test-support';
import { loadPolicyCatalogue, POLICIES_DIR } from './policy-catalogue';
import { policyContentHash } from './policy-document';

const PINNED_IDS = { materialityId: 'materiality@1', sourcePolicyId: 'source-policy@1' };

describe('policy documents', () => {
  it('the repository holds ruleset@1 and @2, materiality@1 and source-policy@1, each valid against its JSON Schema', () => {
    expect(repoPolicies().ids()).toEqual(['materiality@1', 'ruleset@1', 'ruleset@2', 'source-policy@1']);
  });

  it('ruleset@2 is ruleset@1 with benchmark levels left out of the fields', () => {
    const [v1, v2] = ['ruleset@1', 'ruleset@2'].map(
      (rulesetId) => repoPolicies().pinned({ ...PINNED_IDS, rulesetId }).ruleset.document,
    );
    expect(v2.fields.exclude).toEqual([...v1.fields.exclude, 'benchmark.level']);
    expect({
      ...v2,
      policyId: v1.policyId,
      version: v1.version,
      description: v1.description,
      fields: v1.fields,
    }).toEqual(v1);
  });

  it('identifies each version by the sha256 of its canonical JSON', () => {
    const { ruleset } = pinnedV1();
    expect(ruleset.contentHash).toMatch(/^[a-f0-9]{64}$/);
    expect(ruleset.contentHash).toBe(policyContentHash(ruleset.document));
    // Key order and formatting do not change the identity; content does.
    const reordered = Object.fromEntries(Object.entries(ruleset.document).reverse());
    expect(policyContentHash(reordered)).toBe(ruleset.contentHash);
    expect(
      variant(ruleset, 2, (doc) => (doc.checks.holdings_sum.percentTolerance = '1')).contentHash,
    ).not.toBe(ruleset.contentHash);
  });

  it('reads fee (bps), notice (days) and AUM (%) thresholds from the materiality policy, not from code', () => {
    const thresholds = pinnedV1().materiality.document.magnitude.thresholds;
    expect(thresholds.map(({ id, measure, threshold }) => [id, measure, threshold])).toEqual([
      ['fee_change_bps', 'bps', '5'],
      ['notice_period_increase_days', 'absolute', '30'],
      ['aum_change_percent', 'relative_percent', '20'],
    ]);
  });

  it('rates key-person departure, gates and side pockets, fee increases, legal events and control-relevant provider changes high by default', () => {
    const high = pinnedV1()
      .materiality.document.severity.rules.filter((rule) => rule.severity === 'high')
      .map((rule) => rule.note);
    expect(high).toEqual([
      'key-person departure or leadership turnover',
      'liquidity restrictions, gates, side pockets',
      'fee increases',
      'structural share-class term changes',
      'legal or regulatory events',
      'operational provider changes affecting controls',
    ]);
  });

  it('refuses a document that breaks its schema, naming each problem', () => {
    const { ruleset } = pinnedV1();
    expect(() =>
      variant(ruleset, 2, (doc) => (doc.checks.balance_sheet.relativeTolerance = '0.1 %')),
    ).toThrow(
      expect.objectContaining({
        code: 'POLICY_INVALID',
        details: expect.objectContaining({
          problems: [expect.stringContaining('/checks/balance_sheet/relativeTolerance')],
        }),
      }),
    );
  });

  it('refuses weights that do not add up to 1 and duplicate threshold ids', () => {
    const { materiality } = pinnedV1();
    let thrown: unknown;
    try {
      variant(materiality, 2, (doc) => {
        doc.weights.severity = '0.5';
        doc.magnitude.thresholds.push({ ...doc.magnitude.thresholds[0] });
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyInvalidError);
    expect((thrown as PolicyInvalidError).details?.problems).toEqual([
      'weights must add up to 1 (they add up to 1.1)',
      'magnitude threshold id fee_change_bps is used twice',
    ]);
  });

  it('refuses a file whose name is not its policy id', () => {
    const directory = mkdtempSync(join(tmpdir(), 'policies-'));
    cpSync(join(POLICIES_DIR, 'schemas'), join(directory, 'schemas'), { recursive: true });
    writeFileSync(join(directory, 'ruleset@2.yaml'), readFileSync(join(POLICIES_DIR, 'ruleset@1.yaml')));
    expect(() => loadPolicyCatalogue(directory)).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });

  it('looks versions up by id and kind', () => {
    expect(() => repoPolicies().get('ruleset', 'ruleset@7')).toThrow(PolicyVersionUnknownError);
    expect(() => repoPolicies().get('materiality', 'ruleset@1')).toThrow(PolicyKindMismatchError);
  });
});
