import { hasValue, type Field } from './field';

/*
 * A fund's last approved snapshot (PRODUCT-SPEC §2.5), as reporting publishes it when a cycle's
 * fund is approved: the reference for the next cycle's deltas. Write-once; validation only reads it.
 */

export interface SnapshotField {
  key: string;
  metric: string;
  shareClass?: string;
  subject?: string;
  value: string;
  unit: string;
  asOf: string;
  claimIds: string[];
}

export interface FundSnapshot {
  snapshotId: string;
  fundId: string;
  cycleId: string;
  asOf: string;
  fields: SnapshotField[];
}

/** The snapshot of a fund's fields: those with a value (typed blanks are no reference for deltas). */
export function snapshotOf(fields: readonly Field[], identity: Omit<FundSnapshot, 'fields'>): FundSnapshot {
  return {
    ...identity,
    fields: fields.flatMap((field): SnapshotField[] =>
      hasValue(field)
        ? [
            {
              key: field.key,
              metric: field.metric,
              ...(field.shareClass !== undefined && { shareClass: field.shareClass }),
              ...(field.subject !== undefined && { subject: field.subject }),
              value: field.value,
              unit: field.unit,
              asOf: field.asOf,
              claimIds: field.claimIds,
            },
          ]
        : [],
    ),
  };
}
