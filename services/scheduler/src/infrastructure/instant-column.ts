import type { ColumnOptions } from 'typeorm';

/**
 * A `timestamptz` column holding an ISO-8601 instant, as events and the pure projections write them:
 * PostgreSQL keeps the instant, the entity keeps the string.
 */
export function instantColumn(name: string, options: { nullable?: boolean } = {}): ColumnOptions {
  return {
    name,
    type: 'timestamptz',
    nullable: options.nullable ?? false,
    transformer: {
      to: (value: string | null) => value,
      from: (value: Date | null) => (value === null ? null : value.toISOString()),
    },
  };
}
