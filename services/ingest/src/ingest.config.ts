import { PlatformConfig } from '@fai/service-kit';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const SERVICE_NAME = 'ingest';

export const ARTEFACT_STORE_KINDS = ['filesystem', 'nats'] as const;
export type ArtefactStoreKind = (typeof ARTEFACT_STORE_KINDS)[number];

/** The ingest service's settings: its own schema and HTTP port by default, then where artefacts live and how intake behaves. */
export class IngestConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3102;

  /** Where artefact bytes are kept: a directory, or a NATS JetStream object store (for clusters). */
  @IsIn(ARTEFACT_STORE_KINDS)
  FAI_ARTEFACT_STORE: ArtefactStoreKind = 'filesystem';

  /** Root of the filesystem artefact store. */
  @IsString()
  FAI_ARTEFACT_DIR: string = 'data/artefacts';

  /** Bucket of the NATS object store. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be a JetStream bucket name: letters, digits, _ and -' })
  FAI_ARTEFACT_BUCKET: string = 'fai-artefacts';

  /** Largest artefact taken in, in bytes; reading stops past it, so nothing larger is ever held. */
  @IsInt()
  @Min(1)
  @Max(1024 * 1024 * 1024)
  FAI_INGEST_MAX_BYTES: number = 50 * 1024 * 1024;

  /** Landing folders live under `<dir>/<portfolioId>/incoming`; unset: no landing-folder intake. */
  @IsOptional()
  @IsString()
  FAI_INGEST_LANDING_DIR?: string;

  /** How often the landing folders are scanned. */
  @IsInt()
  @Min(10)
  FAI_INGEST_LANDING_POLL_MS: number = 2000;

  /** A landing file is taken once its size and mtime held still across two scans and it is this old. */
  @IsInt()
  @Min(0)
  FAI_INGEST_LANDING_SETTLE_MS: number = 5000;

  /** Subjects of the scheduler events ingest learns portfolios, expected inventories, cycles and runs from. */
  @Matches(/^[A-Za-z0-9_*>.-]+(,[A-Za-z0-9_*>.-]+)*$/, { message: 'must be comma-separated NATS subjects' })
  FAI_INGEST_SCHEDULER_SUBJECTS: string = 'fai.scheduler.>';

  /** Subjects of reporting's ReportPublished events, from which retention learns what published reports depend on. */
  @Matches(/^[A-Za-z0-9_*>.-]+(,[A-Za-z0-9_*>.-]+)*$/, { message: 'must be comma-separated NATS subjects' })
  FAI_INGEST_REPORTING_SUBJECTS: string = 'fai.reporting.report-published.v1';

  /** How often a retention sweep runs by itself (actor system:retention); 0: only on command. */
  @IsInt()
  @Min(0)
  FAI_INGEST_RETENTION_SWEEP_INTERVAL_MS: number = 0;

  /** First token of the command subjects ingest answers (`<prefix>.ingest.register-artefact.v1`). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one NATS subject token' })
  FAI_COMMAND_SUBJECT_PREFIX: string = 'fai-cmd';
}
