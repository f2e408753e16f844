import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsObject, IsString, Matches, MinLength } from 'class-validator';

const fundsSchema = {
  type: 'array',
  items: { type: 'object', additionalProperties: true },
  description: 'Funds with fundId, name, isins, shareClasses (and seriesId, lei): see RegisterPortfolio v1.',
} as const;

export class ReasonBody {
  @ApiProperty({ description: 'Why, in words an auditor can read.' })
  @IsString()
  @MinLength(1)
  reason!: string;
}

export class RegisterPortfolioBody extends ReasonBody {
  @ApiProperty() @IsString() @MinLength(1) portfolioId!: string;
  @ApiProperty() @IsString() @MinLength(1) name!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) baseCurrency!: string;
  @ApiProperty(fundsSchema) @IsArray() funds!: object[];
}

export class ChangePortfolioBody extends ReasonBody {
  @ApiProperty() @IsString() @MinLength(1) name!: string;
  @ApiProperty({ example: 'EUR' }) @Matches(/^[A-Z]{3}$/) baseCurrency!: string;
  @ApiProperty(fundsSchema) @IsArray() funds!: object[];
}

export class SetScheduleBody extends ReasonBody {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'See SetPortfolioSchedule v1.' })
  @IsObject()
  schedule!: object;
}

export class SetExpectedInventoryBody extends ReasonBody {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'See SetExpectedInventory v1.',
  })
  @IsArray()
  funds!: object[];
}

export class SetApprovalPolicyBody {
  @ApiProperty() @IsString() @MinLength(1) rationale!: string;
  @ApiProperty() @IsBoolean() approverMayBeOperator!: boolean;
  @ApiProperty() @IsBoolean() approverMayBeSubmitter!: boolean;
}
