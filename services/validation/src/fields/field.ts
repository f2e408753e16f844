import type { FIELD_BLANKS, FieldRecordV1 } from '@fai/contracts';

/** A field as FundValidated records it: a value with its supporting claims, or a typed blank with a reason. */
export type Field = FieldRecordV1;
export type FieldBlank = (typeof FIELD_BLANKS)[number];

export function hasValue(field: Field): field is Field & { value: string; unit: string; asOf: string } {
  return field.state === 'value' && field.value !== undefined;
}
