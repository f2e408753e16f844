import { Body, Controller, Get, Inject, Optional, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { item, ItemResponse } from '../api/envelope';
import { DevTokenIssuer } from './dev-token-issuer';
import { Caller, Endpoint, PublicEndpoint } from './endpoint.decorator';
import type { Principal } from './principal';
import { ROLES, type Role } from './roles';
import { DevTokenIssuerDisabledError } from './security-errors';

export class DevTokenBody {
  @ApiProperty() @IsString() @MinLength(1) subject!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
  @ApiProperty() @IsString() @MinLength(1) tenantId!: string;
  @ApiProperty({ description: 'Portfolio ids, or "*" for every portfolio of the tenant.' })
  @IsArray()
  @IsString({ each: true })
  portfolios!: string[];
  @ApiPropertyOptional({ minimum: 60, maximum: 86400 })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86400)
  expiresInS?: number;
}

/** The caller's own session, and the development token issuer when it is on (never in prod). */
@ApiTags('session')
@Controller('api/v1')
export class SessionController {
  constructor(@Optional() @Inject(DevTokenIssuer) private readonly devIssuer?: DevTokenIssuer) {}

  @Get('me')
  @Endpoint('me.read', 'Who the token says the caller is: subject, roles, tenant, portfolio scope')
  @ApiOkResponse({ type: ItemResponse })
  me(@Caller() caller: Principal) {
    return item(caller);
  }

  @Get('dev/jwks')
  @PublicEndpoint('dev.jwks', 'The development issuer’s public keys (dev only)')
  jwks() {
    return this.issuer().jwks;
  }

  @Post('dev/tokens')
  @PublicEndpoint('dev.tokens', 'Sign a development token (dev only; refused at start-up with FAI_ENV=prod)')
  async token(@Body() body: DevTokenBody) {
    return this.issuer().sign(body);
  }

  private issuer(): DevTokenIssuer {
    if (!this.devIssuer) throw new DevTokenIssuerDisabledError();
    return this.devIssuer;
  }
}
