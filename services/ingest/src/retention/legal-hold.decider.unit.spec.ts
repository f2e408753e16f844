import { deciderSpecification } from '@fai/decider/testing';
import { legalHoldDecider, type LegalHoldEvent } from './legal-hold.decider';
import { LegalHoldAlreadyReleasedError, LegalHoldNotFoundError } from './retention-errors';

const spec = deciderSpecification(legalHoldDecider);
const now = new Date('2026-11-20T10:00:00.000Z');
const at = now.toISOString();
const hold = { holdId: 'hold-1', scope: 'fund' as const, targetId: 'fund-7' };

const placed: LegalHoldEvent = {
  type: 'LegalHoldPlaced',
  data: { ...hold, actor: 'user-7', reason: 'Regulator inquiry', at: '2026-11-01T00:00:00.000Z' },
};
const released: LegalHoldEvent = {
  type: 'LegalHoldReleased',
  data: { ...hold, actor: 'user-9', reason: 'Inquiry closed', at: '2026-11-10T00:00:00.000Z' },
};
const place = {
  type: 'PlaceLegalHold' as const,
  data: { ...hold, actor: 'user-7', reason: 'Regulator inquiry' },
  metadata: { now },
};
const release = {
  type: 'ReleaseLegalHold' as const,
  data: { holdId: 'hold-1', actor: 'user-9', reason: 'Inquiry closed' },
  metadata: { now },
};

describe('legal hold', () => {
  it('is placed with its scope, target, actor and reason', () => {
    spec
      .given([])
      .when(place)
      .then([{ type: 'LegalHoldPlaced', data: { ...place.data, at } }]);
  });

  it('placed again (the same command retried) changes nothing', () => {
    spec.given([placed]).when(place).then([]);
  });

  it('is released naming what it covered', () => {
    spec
      .given([placed])
      .when(release)
      .then([
        { type: 'LegalHoldReleased', data: { ...hold, actor: 'user-9', reason: 'Inquiry closed', at } },
      ]);
  });

  it('cannot be released when it was never placed', () => {
    spec.given([]).when(release).thenThrows(LegalHoldNotFoundError, { code: 'LEGAL_HOLD_NOT_FOUND' });
  });

  it('cannot be released twice', () => {
    spec
      .given([placed, released])
      .when(release)
      .thenThrows(LegalHoldAlreadyReleasedError, { code: 'LEGAL_HOLD_ALREADY_RELEASED' });
  });
});
