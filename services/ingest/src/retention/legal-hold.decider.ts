import type { LegalHoldPlacedV1, LegalHoldReleasedV1, LegalHoldScope } from '@fai/contracts';
import { assertNever, type Decider, type DomainCommand, type DomainEvent } from '@fai/decider';
import { LegalHoldAlreadyReleasedError, LegalHoldNotFoundError } from './retention-errors';

export type LegalHoldCommand =
  | DomainCommand<
      'PlaceLegalHold',
      { holdId: string; scope: LegalHoldScope; targetId: string; actor: string; reason: string }
    >
  | DomainCommand<'ReleaseLegalHold', { holdId: string; actor: string; reason: string }>;

export type LegalHoldEvent =
  DomainEvent<'LegalHoldPlaced', LegalHoldPlacedV1> | DomainEvent<'LegalHoldReleased', LegalHoldReleasedV1>;

export type LegalHoldState =
  | { status: 'none' }
  | { status: 'placed' | 'released'; holdId: string; scope: LegalHoldScope; targetId: string };

/** One legal hold (stream `legal-hold-<holdId>`): placed once, released once. */
export const legalHoldDecider: Decider<LegalHoldCommand, LegalHoldEvent, LegalHoldState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'PlaceLegalHold':
        // The hold id comes from the command id: placing it again is the same request retried.
        return state.status === 'none' ? [{ type: 'LegalHoldPlaced', data: { ...command.data, at } }] : [];
      case 'ReleaseLegalHold': {
        const { holdId, actor, reason } = command.data;
        if (state.status === 'none') throw new LegalHoldNotFoundError(holdId);
        if (state.status === 'released') throw new LegalHoldAlreadyReleasedError(holdId);
        const { scope, targetId } = state;
        return [{ type: 'LegalHoldReleased', data: { holdId, scope, targetId, actor, reason, at } }];
      }
      default:
        return assertNever(command, 'legal hold command');
    }
  },

  evolve(_state, event) {
    const { holdId, scope, targetId } = event.data;
    return { status: event.type === 'LegalHoldPlaced' ? 'placed' : 'released', holdId, scope, targetId };
  },
};
