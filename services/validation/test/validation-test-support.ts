import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadPolicyCatalogue,
  POLICIES_DIR,
  readSchemas,
  type PolicyCatalogue,
} from '../src/policies/policy-catalogue';
import { PolicyDocumentValidator } from '../src/policies/policy-document';
import type {
  LoadedPolicy,
  MaterialityPolicy,
  PinnedPolicies,
  PolicyDocument,
  RulesetPolicy,
  SourcePolicy,
} from '../src/policies/policy-types';
import type { ArtefactFacts, ValidationClaim } from '../src/claims/validation-claim';
import { snapshotOf as fieldsSnapshot, type FundSnapshot } from '../src/fields/snapshot';
import type { FundValidation } from '../src/validation-run';

/*
 * Test support: the repository's policy documents, policy variants for what-if tests, claim
 * builders for given/when/then tests and the real-document fixtures of test/fixtures.
 */

let catalogue: PolicyCatalogue | undefined;

export function repoPolicies(): PolicyCatalogue {
  catalogue ??= loadPolicyCatalogue();
  return catalogue;
}

/** ruleset@1, materiality@1 and source-policy@1 as kept in the repository. */
export function pinnedV1(): PinnedPolicies {
  return repoPolicies().pinned({
    rulesetId: 'ruleset@1',
    materialityId: 'materiality@1',
    sourcePolicyId: 'source-policy@1',
  });
}

const validator = new PolicyDocumentValidator(readSchemas(join(POLICIES_DIR, 'schemas')));

/** A new version of a repository policy with some parameters changed, validated like a real document. */
export function variant<P extends PolicyDocument>(
  base: LoadedPolicy<P>,
  version: number,
  change: (document: P) => void,
): LoadedPolicy<P> {
  const document = structuredClone(base.document);
  change(document);
  const name = base.document.policyId.split('@')[0];
  Object.assign(document, { version, policyId: `${name}@${version}` });
  return validator.accept(document.kind, document, `${name}@${version} (test variant)`) as LoadedPolicy<P>;
}

export function withRuleset(
  policies: PinnedPolicies,
  change: (ruleset: RulesetPolicy) => void,
): PinnedPolicies {
  return { ...policies, ruleset: variant(policies.ruleset, 99, change) };
}

export function withMateriality(
  policies: PinnedPolicies,
  change: (policy: MaterialityPolicy) => void,
): PinnedPolicies {
  return { ...policies, materiality: variant(policies.materiality, 99, change) };
}

export function withSourcePolicy(
  policies: PinnedPolicies,
  change: (policy: SourcePolicy) => void,
): PinnedPolicies {
  return { ...policies, sourcePolicy: variant(policies.sourcePolicy, 99, change) };
}

// ───────────────────────────── claim builders ─────────────────────────────

export function sha(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

let sequence = 0;

/** A claim from a document labelled `doc` (its artefact hash derives from the label). */
export function claim(
  metric: string,
  value: string | null,
  options: Partial<Omit<ValidationClaim, 'metric' | 'value' | 'evidence'>> & { doc?: string } = {},
): ValidationClaim {
  const { doc = 'nport-1', ...rest } = options;
  sequence += 1;
  return {
    claimId: `claim-${String(sequence).padStart(5, '0')}`,
    metric,
    value,
    unit: 'USD',
    asOf: '2024-06-30',
    evidence: { artefactSha256: sha(doc), artefactVersion: 1, locator: { kind: 'xpath' } },
    extractor: { id: 'nport-xml', version: '1.0.0' },
    confidence: 1,
    ...rest,
  };
}

export function artefact(doc: string, facts: Partial<ArtefactFacts> = {}): ArtefactFacts {
  return { sha256: sha(doc), version: 1, sourceType: 'upload', ...facts };
}

export function artefactMap(...facts: ArtefactFacts[]): Map<string, ArtefactFacts> {
  return new Map(facts.map((entry) => [`${entry.sha256}#${entry.version}`, entry]));
}

// ───────────────────────────── real-document fixtures ─────────────────────────────

interface FixtureFile {
  source: string;
  note: string;
  artefact?: ArtefactFacts;
  artefacts?: ArtefactFacts[];
  claims: ValidationClaim[];
  /** N-PORT holdings compacted to [subject, valUSD, pctVal], in document order. */
  holdings?: Array<[string, string, string]>;
}

export interface Fixture {
  artefacts: ArtefactFacts[];
  claims: ValidationClaim[];
}

export function fixture(name: string): Fixture {
  const file = JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as FixtureFile;
  const artefacts = file.artefacts ?? (file.artefact ? [file.artefact] : []);
  return { artefacts, claims: [...file.claims, ...expandHoldings(file)] };
}

function expandHoldings(file: FixtureFile): ValidationClaim[] {
  const [first] = file.claims;
  if (!file.holdings || !first) return [];
  return file.holdings.flatMap(([subject, value, percent], index) => {
    const path = `/edgarSubmission/formData/invstOrSecs/invstOrSec[${index + 1}]`;
    const holding = (metric: string, text: string, unit: string, element: string): ValidationClaim => ({
      ...first,
      claimId: `${first.evidence.artefactSha256.slice(0, 8)}-holding-${index + 1}-${element}`,
      metric,
      subject,
      value: text,
      unit,
      evidence: {
        ...first.evidence,
        locator: { kind: 'xpath', path: `${path}/${element}` } as { kind: string },
      },
    });
    return [
      holding('holding.value', value, 'USD', 'valUSD'),
      holding('holding.pct_net_assets', percent, 'percent', 'pctVal'),
    ];
  });
}

/** The approved snapshot reporting would record from a validated fund: its valued fields. */
export function snapshotOf(fund: FundValidation, cycleId: string, asOf: string): FundSnapshot {
  return fieldsSnapshot(fund.fields, {
    snapshotId: `snap-${fund.fundId}-${cycleId}`,
    fundId: fund.fundId,
    cycleId,
    asOf,
  });
}
