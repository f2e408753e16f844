import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { FaiError } from '@fai/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { documentPage, whereEquals } from '../api/document-page';
import { item, ItemResponse, PageResponse } from '../api/envelope';
import { PageQuery } from '../api/page-query.dto';
import { NotFoundError } from '../api/problem';
import { GatewayEvents } from '../projections/gateway-events';
import { OperatorAlertRow } from '../projections/read-model.entities';
import { Caller, Endpoint } from '../security/endpoint.decorator';
import type { Principal } from '../security/principal';
import { OutOfScopeError } from '../security/security-errors';
import { ScopeService } from '../security/scope.service';

/** Who sees alerts of no portfolio (dead letters, platform failures): the platform's operators. */
const PLATFORM_ROLES = ['platform-owner', 'incident-owner'];

export class AlertListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['info', 'warning', 'critical'] })
  @IsOptional()
  @IsIn(['info', 'warning', 'critical'])
  severity?: string;

  @ApiPropertyOptional({ description: 'Only open (unacknowledged) alerts when true.' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  open?: string;
}

export class AcknowledgeBody {
  @ApiProperty({ required: false, description: 'What is being done about it.' })
  @IsOptional()
  @IsString()
  note?: string;
}

export class AlertAlreadyAcknowledgedError extends FaiError {
  constructor(alertId: string) {
    super({
      code: 'ALERT_ALREADY_ACKNOWLEDGED',
      message: `alert ${alertId} is already acknowledged`,
      hint: 'Nothing to do: see who acknowledged it in the alert.',
      details: { alertId },
    });
  }
}

/** Operator alerts raised by every service: list, acknowledge. */
@ApiTags('operator alerts')
@Controller('api/v1/operator-alerts')
export class AlertsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly events: GatewayEvents,
  ) {}

  @Get()
  @Endpoint('alerts.list', 'Operator alerts in scope, newest first')
  @ApiOkResponse({ type: PageResponse })
  async list(@Caller() caller: Principal, @Query() query: AlertListQuery) {
    const rows = whereEquals(await this.visible(caller), { severity: query.severity });
    if (query.open !== undefined) rows.andWhere('o.open = :open', { open: query.open === 'true' });
    return documentPage(rows, { column: 'raised_at', type: 'timestamptz', direction: 'DESC' }, query);
  }

  @Post(':alertId/acknowledge')
  @Endpoint('alerts.acknowledge', 'Acknowledge an operator alert')
  @ApiOkResponse({ type: ItemResponse })
  async acknowledge(
    @Caller() caller: Principal,
    @Param('alertId') alertId: string,
    @Body() body: AcknowledgeBody,
  ) {
    const row = await this.dataSource.getRepository(OperatorAlertRow).findOneBy({ id: alertId });
    if (!row) throw new NotFoundError('operator alert', alertId);
    if (row.portfolioId === null) {
      if (!caller.roles.some((role) => PLATFORM_ROLES.includes(role))) throw new OutOfScopeError();
    } else {
      await this.scope.assertPortfolio(caller, row.portfolioId);
    }
    const acknowledged = await this.events.acknowledgeAlert(
      { alertId, actor: caller.subject, ...(body.note ? { note: body.note } : {}) },
      {
        tenantId: caller.tenantId,
        portfolioId: row.portfolioId ?? undefined,
        cycleId: row.doc.cycleId ?? undefined,
      },
    );
    if (!acknowledged) throw new AlertAlreadyAcknowledgedError(alertId);
    return item({ alertId, acknowledgedBy: caller.subject }, { cycleId: row.doc.cycleId ?? undefined });
  }

  private async visible(caller: Principal): Promise<SelectQueryBuilder<OperatorAlertRow>> {
    const portfolios = await this.scope.visiblePortfolioIds(caller);
    const platform = caller.roles.some((role) => PLATFORM_ROLES.includes(role));
    return this.dataSource
      .getRepository(OperatorAlertRow)
      .createQueryBuilder('o')
      .where(
        platform
          ? '(o.portfolio_id = ANY(:portfolios) OR o.portfolio_id IS NULL)'
          : 'o.portfolio_id = ANY(:portfolios)',
        {
          portfolios,
        },
      );
  }
}
