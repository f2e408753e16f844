import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { activatePolicyV1, dryRunPolicyV1 } from '@fai/contracts';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { CommandSender } from '../api/command-sender';
import { item, ItemResponse } from '../api/envelope';
import { validationRoles } from '../exceptions/validation-roles';
import { PolicyRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { ScopeService } from '../security/scope.service';

export class ActivatePolicyBody {
  @ApiProperty({ description: 'Why this version: stored with the activation (spec §7, releases).' })
  @IsString()
  @MinLength(1)
  rationale!: string;
}

export class DryRunBody {
  @ApiProperty() @IsString() @MinLength(1) portfolioId!: string;
  @ApiPropertyOptional({ example: 'ruleset@2' }) @IsOptional() @IsString() rulesetId?: string;
  @ApiPropertyOptional({ example: 'materiality@2' }) @IsOptional() @IsString() materialityId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 24, default: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24)
  lastCycles?: number;
}

/** Versioned rulesets, materiality and source policies: list, activate with a rationale, dry run. */
@ApiTags('policies')
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly commands: CommandSender,
  ) {}

  @Get()
  @Endpoint('policies.list', 'Each policy kind’s active version and activation history')
  @ApiOkResponse({ type: ItemResponse })
  async list() {
    const rows = await this.dataSource.getRepository(PolicyRow).find({ order: { id: 'ASC' } });
    return item(
      { policies: rows.map((row) => row.doc) },
      {
        policies: Object.fromEntries(rows.map((row) => [`${row.doc.policyKind}Id`, row.doc.activePolicyId])),
      },
    );
  }

  @Post(':policyId/activate')
  @Endpoint('policies.activate', 'Activate a policy version (administrators only, with a rationale)')
  @ApiOkResponse({ type: ItemResponse })
  async activate(
    @Caller() caller: Principal,
    @Param('policyId') policyId: string,
    @Body() body: ActivatePolicyBody,
    @Headers('idempotency-key') key?: string,
  ) {
    const reply = await this.commands.command(activatePolicyV1, caller, key, {
      policyId,
      rationale: body.rationale,
      actorRoles: validationRoles(caller.roles),
    });
    return item(reply);
  }

  @Post('dry-run')
  @Endpoint(
    'policies.dry-run',
    'What a candidate ruleset or materiality version would have changed in a portfolio’s last cycles',
  )
  @ApiOkResponse({ type: ItemResponse })
  async dryRun(@Caller() caller: Principal, @Body() body: DryRunBody) {
    await this.scope.assertPortfolio(caller, body.portfolioId);
    const reply = await this.commands.send(dryRunPolicyV1, body);
    return item(reply, { policies: reply.candidate });
  }
}
