import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PolicyInvalidError, PolicyKindMismatchError, PolicyVersionUnknownError } from '@fai/contracts';
import { PolicyDocumentValidator, type PolicySchemas } from './policy-document';
import type {
  LoadedPolicy,
  MaterialityPolicy,
  PinnedPolicies,
  PolicyDocument,
  PolicyKind,
  RulesetPolicy,
  SourcePolicy,
} from './policy-types';

/** The versioned policy documents live beside the service's sources: `services/validation/policies`. */
export const POLICIES_DIR = resolve(__dirname, '../../policies');

const KINDS: Readonly<Record<string, PolicyKind>> = {
  ruleset: 'ruleset',
  materiality: 'materiality',
  'source-policy': 'source_policy',
};

/** Every policy version kept in the repository, validated, by policy id. */
export class PolicyCatalogue {
  constructor(private readonly policies: ReadonlyMap<string, LoadedPolicy>) {}

  ids(): string[] {
    return [...this.policies.keys()].sort();
  }

  /** Any kept version by its id. */
  find(policyId: string): LoadedPolicy {
    const policy = this.policies.get(policyId);
    if (!policy) throw new PolicyVersionUnknownError(policyId);
    return policy;
  }

  get<K extends PolicyKind>(kind: K, policyId: string): LoadedPolicy<Extract<PolicyDocument, { kind: K }>> {
    const policy = this.policies.get(policyId);
    if (!policy) throw new PolicyVersionUnknownError(policyId);
    if (policy.document.kind !== kind)
      throw new PolicyKindMismatchError(policyId, kind, policy.document.kind);
    return policy as LoadedPolicy<Extract<PolicyDocument, { kind: K }>>;
  }

  /** The documents a cycle pinned, by the ids CyclePoliciesPinned recorded. */
  pinned(ids: { rulesetId: string; materialityId: string; sourcePolicyId: string }): PinnedPolicies {
    return {
      ruleset: this.get('ruleset', ids.rulesetId) as LoadedPolicy<RulesetPolicy>,
      materiality: this.get('materiality', ids.materialityId) as LoadedPolicy<MaterialityPolicy>,
      sourcePolicy: this.get('source_policy', ids.sourcePolicyId) as LoadedPolicy<SourcePolicy>,
    };
  }
}

/** Reads `<name>@<version>.yaml` documents and their schemas; any invalid document refuses the whole catalogue. */
export function loadPolicyCatalogue(directory: string = POLICIES_DIR): PolicyCatalogue {
  const validator = new PolicyDocumentValidator(readSchemas(join(directory, 'schemas')));
  const policies = new Map<string, LoadedPolicy>();
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const policyId = file.slice(0, -'.yaml'.length);
    const kind = KINDS[policyId.split('@')[0]];
    if (!kind)
      throw new PolicyInvalidError(file, [
        `file name must be <ruleset|materiality|source-policy>@<version>.yaml`,
      ]);
    const loaded = validator.accept(kind, parseYaml(readFileSync(join(directory, file), 'utf8')), file);
    if (loaded.document.policyId !== policyId) {
      throw new PolicyInvalidError(file, [`file name must be ${loaded.document.policyId}.yaml`]);
    }
    policies.set(policyId, loaded);
  }
  return new PolicyCatalogue(policies);
}

export function readSchemas(directory: string): PolicySchemas {
  const read = (name: string): object =>
    JSON.parse(readFileSync(join(directory, `${name}.schema.json`), 'utf8'));
  return {
    common: read('common'),
    ruleset: read('ruleset'),
    materiality: read('materiality'),
    source_policy: read('source-policy'),
  };
}
