import type { RetentionRule, SourcePolicyRule, SourceType } from '@fai/contracts';

/** One version of a portfolio's source policy (spec §2.10): an allow-list of source types and origins. */
export interface SourcePolicy {
  sourcePolicyId: string;
  /** 0 for the default a portfolio has until a policy is set. */
  version: number;
  rules: readonly SourcePolicyRule[];
  /** How long artefacts of each class are kept (spec §7); a class without a rule is kept indefinitely. */
  retention?: readonly RetentionRule[];
}

export const DEFAULT_RETENTION_CLASS = 'standard';

/**
 * Until an administrator sets one, a portfolio takes what people bring (uploads, landing-folder files)
 * and what FAI produces itself; e-mail and online sources need an explicit rule naming their origins.
 */
export function defaultSourcePolicy(portfolioId: string): SourcePolicy {
  return {
    sourcePolicyId: `${portfolioId}-source-policy-default`,
    version: 0,
    rules: [
      { sourceType: 'upload', origins: ['*'] },
      { sourceType: 'internal', origins: ['*'] },
    ],
  };
}

export function sourcePolicyIdFor(portfolioId: string, version: number): string {
  return `${portfolioId}-source-policy-v${version}`;
}

/** The rule that lets this source in, if any. */
export function permittingRule(
  policy: SourcePolicy,
  sourceType: SourceType,
  origin: string,
): SourcePolicyRule | undefined {
  return policy.rules.find(
    (rule) =>
      rule.sourceType === sourceType && rule.origins.some((pattern) => originMatches(pattern, origin)),
  );
}

/** `*` matches any run of characters (none included); everything else literally, ignoring case. */
export function originMatches(pattern: string, origin: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'is').test(origin);
}

/** The next version of a portfolio's source policy, after the versions it has. */
export function nextSourcePolicy(
  portfolioId: string,
  existing: readonly SourcePolicy[],
  rules: readonly SourcePolicyRule[],
): SourcePolicy {
  const version = Math.max(0, ...existing.map((policy) => policy.version)) + 1;
  return { sourcePolicyId: sourcePolicyIdFor(portfolioId, version), version, rules };
}
