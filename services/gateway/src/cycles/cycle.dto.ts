import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { PageQuery } from '../api/page-query.dto';
import { ReasonBody } from '../portfolios/portfolio.dto';

export const CYCLE_STATES = ['running', 'incomplete', 'failed', 'completed', 'superseded'] as const;

export class CycleListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() portfolioId?: string;
  @ApiPropertyOptional({ enum: CYCLE_STATES }) @IsOptional() @IsIn(CYCLE_STATES) state?: string;
}

export class OpenCycleBody extends ReasonBody {
  @ApiProperty() @IsString() @MinLength(1) portfolioId!: string;
  @ApiProperty({ example: '2026-10' }) @Matches(/^[0-9]{4}-(0[1-9]|1[0-2])$/) period!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'rulesetId, materialityId, sourcePolicyId, reportTemplateId to pin instead of the active ones.',
  })
  @IsOptional()
  @IsObject()
  pinnedPolicyVersions?: Record<string, string>;
}

export class RerunBody extends ReasonBody {
  @ApiPropertyOptional({ description: 'The run the rerun replaces; the current run by default.' })
  @IsOptional()
  @IsString()
  replacesRunId?: string;
}
