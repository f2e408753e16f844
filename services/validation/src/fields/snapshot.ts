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
