import { PlatformConfig } from '@fai/service-kit';
import { IsIn, IsInt, IsString, Matches, Min } from 'class-validator';

export const SERVICE_NAME = 'reporting';

export const STORE_KINDS = ['filesystem', 'nats'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

const BUCKET = /^[A-Za-z0-9_-]{1,64}$/;
const BUCKET_RULE = { message: 'must be a JetStream bucket name: letters, digits, _ and -' };
const SUBJECT_TOKENS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The reporting service's settings: its own schema and HTTP port by default; where it reads the
 * artefacts its evidence packs carry (ingest's store, the same variables as ingest and extraction);
 * where it keeps its own outputs; the pinned template and KPI configuration of new drafts; how often
 * output retention sweeps by itself; and the subjects it consumes, queries and answers on.
 */
export class ReportingConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3105;

  @IsIn(STORE_KINDS)
  FAI_ARTEFACT_STORE: StoreKind = 'filesystem';

  @IsString()
  FAI_ARTEFACT_DIR: string = 'data/artefacts';

  @Matches(BUCKET, BUCKET_RULE)
  FAI_ARTEFACT_BUCKET: string = 'fai-artefacts';

  /** Reporting's outputs (memo inputs, memos, packs): content-addressed like artefacts, in a store of their own. */
  @IsIn(STORE_KINDS)
  FAI_OUTPUT_STORE: StoreKind = 'filesystem';

  @IsString()
  FAI_OUTPUT_DIR: string = 'data/outputs';

  @Matches(BUCKET, BUCKET_RULE)
  FAI_OUTPUT_BUCKET: string = 'fai-outputs';

  /** The report template new drafts pin (`templates/<version>/`). */
  @Matches(/^memo@[1-9]\d*$/, { message: 'must name a template version such as memo@1' })
  FAI_REPORT_TEMPLATE: string = 'memo@1';

  /** The KPI configuration new drafts pin (`kpi-config/<id>.json`). */
  @Matches(/^kpi-config@[1-9]\d*$/, { message: 'must name a KPI configuration such as kpi-config@1' })
  FAI_KPI_CONFIG: string = 'kpi-config@1';

  /** How often an output retention sweep runs by itself (actor system:retention); 0: only on command. */
  @IsInt()
  @Min(0)
  FAI_REPORTING_RETENTION_SWEEP_INTERVAL_MS: number = 0;

  /** First token(s) of the event subjects reporting consumes: `<prefix>.validation.>`, `<prefix>.approval.>`, `<prefix>.ingest.>`. */
  @Matches(SUBJECT_TOKENS, { message: 'must be NATS subject tokens such as fai' })
  FAI_REPORTING_SOURCE_PREFIX: string = 'fai';

  /** First token of the command subjects reporting answers and sends (`<prefix>.reporting.publish-fund.v1`). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one NATS subject token' })
  FAI_COMMAND_SUBJECT_PREFIX: string = 'fai-cmd';
}
