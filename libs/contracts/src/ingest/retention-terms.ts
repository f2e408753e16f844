import type { LegalHoldScope } from './ingest.schemas';

/*
 * What the retention terms of the source policy and of legal holds mean, read the same way by every
 * service that deletes content (ingest its artefacts, reporting its outputs): a hold's scope is part
 * of the LegalHoldPlaced contract, a period of days part of SourcePolicySet's.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** A legal hold placed and not released. */
export interface ActiveLegalHold {
  holdId: string;
  scope: LegalHoldScope;
  targetId: string;
}

/** What a hold may cover: an artefact, or something of a fund or portfolio that is no artefact (an output). */
export interface HoldSubject {
  artefactId?: string;
  fundId?: string;
  portfolioId: string;
}

/** An artefact hold covers that artefact only; a fund or portfolio hold everything of the fund or portfolio. */
export function legalHoldCovers(
  hold: Pick<ActiveLegalHold, 'scope' | 'targetId'>,
  subject: HoldSubject,
): boolean {
  switch (hold.scope) {
    case 'artefact':
      return hold.targetId === subject.artefactId;
    case 'fund':
      return hold.targetId === subject.fundId;
    case 'portfolio':
      return hold.targetId === subject.portfolioId;
  }
}

/** The end of a retention or defensibility period: `days` whole days of 24 hours after `start`. */
export function periodEnd(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS);
}
