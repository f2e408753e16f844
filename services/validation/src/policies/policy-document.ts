import { createHash } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';
import stringify from 'safe-stable-stringify';
import { PolicyInvalidError } from '@fai/contracts';
import { Dec, sum } from '../shared/decimal';
import type {
  LoadedPolicy,
  MaterialityPolicy,
  PolicyDocument,
  PolicyKind,
  RulesetPolicy,
  SourcePolicy,
} from './policy-types';

/** The JSON Schemas of `policies/schemas/`, as parsed objects (the edge reads the files). */
export interface PolicySchemas {
  common: object;
  ruleset: object;
  materiality: object;
  source_policy: object;
}

type KindDocument<K extends PolicyKind> = Extract<PolicyDocument, { kind: K }>;

/** The name part of a policy id per kind: `ruleset@1`, `materiality@1`, `source-policy@1`. */
export const POLICY_NAMES: Readonly<Record<PolicyKind, string>> = {
  ruleset: 'ruleset',
  materiality: 'materiality',
  source_policy: 'source-policy',
};

export function policyIdOf(kind: PolicyKind, version: number): string {
  return `${POLICY_NAMES[kind]}@${version}`;
}

/** sha256 of the canonical JSON (sorted keys): formatting and comments do not change a version's identity. */
export function policyContentHash(document: unknown): string {
  return createHash('sha256')
    .update(stringify(document) ?? '')
    .digest('hex');
}

/**
 * Validates policy documents against their JSON Schemas and the rules a schema cannot state
 * (ids match versions, weights add up to 1, ...). A document that fails is refused whole.
 */
export class PolicyDocumentValidator {
  private readonly validators: Readonly<Record<PolicyKind, ValidateFunction>>;

  constructor(schemas: PolicySchemas) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addSchema(schemas.common, 'common.schema.json');
    this.validators = {
      ruleset: ajv.compile(schemas.ruleset),
      materiality: ajv.compile(schemas.materiality),
      source_policy: ajv.compile(schemas.source_policy),
    };
  }

  accept<K extends PolicyKind>(kind: K, content: unknown, source: string): LoadedPolicy<KindDocument<K>> {
    const validate = this.validators[kind];
    if (!validate(content)) {
      throw new PolicyInvalidError(
        source,
        (validate.errors ?? []).map(
          (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
        ),
      );
    }
    const document = content as KindDocument<K>;
    const problems = [...identityProblems(kind, document), ...semanticProblems(document)];
    if (problems.length > 0) throw new PolicyInvalidError(source, problems);
    return { document, contentHash: policyContentHash(document) };
  }
}

function identityProblems(kind: PolicyKind, document: PolicyDocument): string[] {
  const expected = policyIdOf(kind, document.version);
  return document.policyId === expected
    ? []
    : [`policyId must be ${expected} for a ${kind} of version ${document.version}`];
}

function semanticProblems(document: PolicyDocument): string[] {
  switch (document.kind) {
    case 'ruleset':
      return rulesetProblems(document);
    case 'materiality':
      return materialityProblems(document);
    case 'source_policy':
      return sourcePolicyProblems(document);
  }
}

function rulesetProblems(ruleset: RulesetPolicy): string[] {
  return Object.entries(ruleset.checks.cross_source.metrics)
    .filter(
      ([, tolerance]) =>
        tolerance.relativeTolerance === undefined && tolerance.absoluteTolerance === undefined,
    )
    .map(([metric]) => `checks.cross_source.metrics.${metric} needs a relative or absolute tolerance`);
}

function materialityProblems(policy: MaterialityPolicy): string[] {
  const weights = sum(Object.values(policy.weights).map((weight) => new Dec(weight)));
  const ids = policy.magnitude.thresholds.map((threshold) => threshold.id);
  return [
    ...(weights.equals(1) ? [] : [`weights must add up to 1 (they add up to ${weights.toFixed()})`]),
    ...duplicates(ids).map((id) => `magnitude threshold id ${id} is used twice`),
    ...policy.magnitude.thresholds
      .filter((threshold) => new Dec(threshold.threshold).isZero())
      .map((threshold) => `magnitude threshold ${threshold.id} must be above 0`),
    ...(new Dec(policy.magnitude.saturationMultiple).lt(1)
      ? ['magnitude.saturationMultiple must be at least 1']
      : []),
  ];
}

function sourcePolicyProblems(policy: SourcePolicy): string[] {
  return duplicates(policy.sources.map((source) => source.extractor)).map(
    (extractor) => `source ${extractor} is ranked twice`,
  );
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}
