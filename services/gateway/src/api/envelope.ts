import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PinnedPolicies } from '../cycles/cycle.projection';

/** The ids of the cycle, run, snapshot and policy versions a response is about (spec §5.3). */
export class ResponseIds {
  @ApiPropertyOptional() cycleId?: string;
  @ApiPropertyOptional() runId?: string;
  @ApiPropertyOptional() snapshotId?: string;
  @ApiPropertyOptional({
    description: 'Pinned policy versions: rulesetId, materialityId, sourcePolicyId, reportTemplateId.',
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
  })
  policies?: Partial<PinnedPolicies>;
}

export class ItemResponse {
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: object;
  @ApiProperty({ type: ResponseIds }) ids!: ResponseIds;
}

export class PageResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) items!: object[];
  @ApiPropertyOptional({ description: 'Pass back as `cursor` for the next page; absent on the last page.' })
  nextCursor?: string;
}

export function item<T extends object>(data: T, ids: ResponseIds = {}): { data: T; ids: ResponseIds } {
  return {
    data,
    ids: Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined && value !== null)),
  };
}
