import type { SampleArtefactType } from '../portfolio-model';

/**
 * A value the document states, as extraction must claim it: the claim key (metric, share class,
 * subject), the value as a decimal string / ISO date / text, and its unit.
 */
export interface ExpectedClaim {
  metric: string;
  shareClass?: string;
  subject?: string;
  value: string;
  unit: string;
}

/** One generated artefact: its bytes and the claims extraction must read from them. */
export interface SampleDocument {
  fundId: string;
  period: string;
  artefactType: SampleArtefactType;
  fileName: string;
  mediaType: string;
  content: Buffer;
  expected: ExpectedClaim[];
}
