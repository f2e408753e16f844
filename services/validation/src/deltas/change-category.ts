import type { ChangeCategory, MaterialityPolicy } from '../policies/policy-types';
import { mostSpecific } from '../shared/metric-pattern';

/** The change category of a metric (PRODUCT-SPEC §2.6) under the pinned materiality policy. */
export function changeCategoryOf(metric: string, policy: MaterialityPolicy): ChangeCategory {
  return mostSpecific(metric, policy.categories) ?? policy.defaultCategory;
}
