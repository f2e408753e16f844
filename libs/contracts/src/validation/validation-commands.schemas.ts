import { vId } from './validation-record.schemas';

/*
 * What every validation command request carries. Roles travel with the actor because validation
 * decides by them (administrators activate policies, reviewers decide high-severity conflicts);
 * the gateway sends the roles it verified.
 */

export const ROLES = ['operator', 'reviewer', 'owner', 'administrator', 'read_only'] as const;

export const validationCommandEnvelope = {
  commandId: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: 'Chosen by the caller: the same command sent again with the same id changes nothing more.',
  },
  actor: { ...vId, description: 'The authenticated user id the command acts for.' },
  actorRoles: {
    type: 'array',
    minItems: 1,
    items: { type: 'string', enum: ROLES },
    description: 'The roles the gateway verified for the actor.',
  },
} as const;

export const VALIDATION_COMMAND_REQUIRED = ['commandId', 'actor', 'actorRoles'] as const;
