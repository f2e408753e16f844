import type { DeltaRecordV1 } from '@fai/contracts';

/** A delta as FundDeltasComputed records it, scored. */
export type Delta = DeltaRecordV1;
/** A delta before the materiality policy scored it. */
export type UnscoredDelta = Omit<Delta, 'materiality'>;
export type DeltaChange = Delta['change'];
