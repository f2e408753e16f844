import type { ExceptionResolvedV1 } from '@fai/contracts';
import type { Field } from './field';

/**
 * A reviewer's resolution settles a conflicted field: the chosen value (a claim's or the
 * reviewer's edit) with the exception that decided it. A rejected finding leaves the field as it was.
 */
export function applyResolution(field: Field, exceptionId: string, resolved: ExceptionResolvedV1): Field {
  if (resolved.action === 'reject' || !resolved.resolution) return field;
  const { value, unit, source } = resolved.resolution;
  const rest = { ...field };
  delete rest.blank;
  delete rest.reason;
  delete rest.chosenClaimId;
  return {
    ...rest,
    state: 'value',
    value,
    unit,
    ...(source.claimId !== undefined && { chosenClaimId: source.claimId }),
    resolvedByExceptionId: exceptionId,
  };
}
