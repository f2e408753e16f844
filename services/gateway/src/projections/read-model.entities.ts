import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FundWorkflowView } from '../approval/fund-workflow.projection';
import type { ArtefactView } from '../artefacts/artefact.projection';
import type { FundAlertView } from '../alerts/fund-alert.projection';
import type { OperatorAlertView } from '../alerts/operator-alert.projection';
import type { CycleView } from '../cycles/cycle.projection';
import type { ExceptionView } from '../exceptions/exception.projection';
import type { FundView } from '../funds/fund.projection';
import type { PolicyView } from '../policies/policy.projection';
import type { PortfolioView } from '../portfolios/portfolio.projection';

/* TypeORM entities over the read-model tables (created by READ_MODEL_MIGRATIONS), for reads. */

@Entity({ name: 'portfolio' })
export class PortfolioRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: PortfolioView;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'fund' })
export class FundRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: FundView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ name: 'fund_id', type: 'text' }) fundId!: string;
  @Column({ type: 'text', array: true }) isins!: string[];
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'cycle' })
export class CycleRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: CycleView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ type: 'text' }) period!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
}

@Entity({ name: 'artefact' })
export class ArtefactRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: ArtefactView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ name: 'cycle_id', type: 'text', nullable: true }) cycleId!: string | null;
  @Column({ name: 'fund_id', type: 'text', nullable: true }) fundId!: string | null;
  @Column({ name: 'document_type', type: 'text' }) documentType!: string;
  @Column({ name: 'ingested_at', type: 'timestamptz' }) ingestedAt!: Date;
}

@Entity({ name: 'operator_alert' })
export class OperatorAlertRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: OperatorAlertView;
  @Column({ name: 'portfolio_id', type: 'text', nullable: true }) portfolioId!: string | null;
  @Column({ type: 'text' }) severity!: string;
  @Column({ type: 'boolean' }) open!: boolean;
  @Column({ name: 'raised_at', type: 'timestamptz' }) raisedAt!: Date;
}

@Entity({ name: 'fund_workflow' })
export class FundWorkflowRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: FundWorkflowView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ name: 'cycle_id', type: 'text' }) cycleId!: string;
  @Column({ name: 'fund_id', type: 'text' }) fundId!: string;
  @Column({ type: 'text' }) state!: string;
}

@Entity({ name: 'exception' })
export class ExceptionRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: ExceptionView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ name: 'cycle_id', type: 'text' }) cycleId!: string;
  @Column({ name: 'fund_id', type: 'text' }) fundId!: string;
  @Column({ type: 'text' }) severity!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column({ type: 'text', nullable: true }) assignee!: string | null;
  @Column({ type: 'numeric' }) materiality!: string;
}

@Entity({ name: 'fund_alert' })
export class FundAlertRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: FundAlertView;
  @Column({ name: 'portfolio_id', type: 'text' }) portfolioId!: string;
  @Column({ name: 'cycle_id', type: 'text' }) cycleId!: string;
  @Column({ name: 'fund_id', type: 'text' }) fundId!: string;
  @Column({ type: 'text' }) severity!: string;
  @Column({ type: 'numeric' }) materiality!: string;
}

@Entity({ name: 'policy' })
export class PolicyRow {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'jsonb' }) doc!: PolicyView;
}

@Entity({ name: 'audit_entry' })
export class AuditEntryRow {
  @PrimaryColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'request_id', type: 'text' }) requestId!: string;
  @Column({ type: 'text', nullable: true }) actor!: string | null;
  @Column({ name: 'tenant_id', type: 'text', nullable: true }) tenantId!: string | null;
  @Column({ type: 'text', array: true }) roles!: string[];
  @Column({ type: 'text' }) method!: string;
  @Column({ type: 'text' }) path!: string;
  @Column({ type: 'text', nullable: true }) endpoint!: string | null;
  @Column({ type: 'int' }) status!: number;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ name: 'portfolio_id', type: 'text', nullable: true }) portfolioId!: string | null;
  @Column({ name: 'error_code', type: 'text', nullable: true }) errorCode!: string | null;
}

export const READ_MODEL_ENTITIES = [
  PortfolioRow,
  FundRow,
  CycleRow,
  ArtefactRow,
  OperatorAlertRow,
  FundWorkflowRow,
  ExceptionRow,
  FundAlertRow,
  PolicyRow,
  AuditEntryRow,
];
