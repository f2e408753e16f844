import type { MaterialityPolicy } from '../policies/policy-types';
import { param, type Dec } from '../shared/decimal';
import type { Materiality } from './materiality-score';

export type AlertDecision =
  | { decision: 'alert' }
  | { decision: 'needs_verification'; reason: string }
  | { decision: 'none'; reason: string };

/**
 * An alert only when all hold (PRODUCT-SPEC §4.4): the change or exception exists (the caller
 * has one), it crosses the policy's threshold or rule, and evidence supports it. Crossing on weak
 * evidence is a needs_verification exception, never an alert.
 */
export function decideAlert(
  item: {
    materiality: Materiality;
    evidenceClaimIds: readonly string[];
    confidence: Dec;
    alertable: boolean;
  },
  policy: MaterialityPolicy,
): AlertDecision {
  if (!item.alertable)
    return { decision: 'none', reason: 'this kind of finding does not alert under the policy' };
  if (!item.materiality.thresholdCrossed) return { decision: 'none', reason: 'below the alert threshold' };
  if (item.evidenceClaimIds.length === 0)
    return { decision: 'needs_verification', reason: 'no evidence supports it' };
  const minimum = param(policy.confidence.minimumForAlert);
  if (item.confidence.lt(minimum)) {
    return {
      decision: 'needs_verification',
      reason: `evidence confidence ${item.confidence.toFixed(4)} is below ${minimum.toFixed()}`,
    };
  }
  return { decision: 'alert' };
}
