import { PlatformConfig } from '@fai/service-kit';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

export const SERVICE_NAME = 'extraction';

export const ARTEFACT_STORE_KINDS = ['filesystem', 'nats'] as const;
export type ArtefactStoreKind = (typeof ARTEFACT_STORE_KINDS)[number];

const SUBJECT_TOKENS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The extraction service's settings: its own schema and HTTP port by default; where it reads
 * artefact bytes (the same store, and the same variables, as ingest); how many artefacts it
 * extracts at once; and the subjects it consumes and answers on.
 */
export class ExtractionConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3103;

  /** Where ingest keeps artefact bytes: a directory, or a NATS JetStream object store. */
  @IsIn(ARTEFACT_STORE_KINDS)
  FAI_ARTEFACT_STORE: ArtefactStoreKind = 'filesystem';

  /** Root of the filesystem artefact store (read only here). */
  @IsString()
  FAI_ARTEFACT_DIR: string = 'data/artefacts';

  /** Bucket of the NATS object store. */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be a JetStream bucket name: letters, digits, _ and -' })
  FAI_ARTEFACT_BUCKET: string = 'fai-artefacts';

  /** Artefacts one replica extracts at once; extraction is CPU-bound, so about the cores it has. */
  @IsInt()
  @Min(1)
  @Max(32)
  FAI_EXTRACTION_CONCURRENCY: number = 2;

  /** First token(s) of the event subjects extraction consumes: `<prefix>.ingest.>`, `<prefix>.scheduler.>`. */
  @Matches(SUBJECT_TOKENS, { message: 'must be NATS subject tokens such as fai' })
  FAI_EXTRACTION_SOURCE_PREFIX: string = 'fai';

  /** First token of the query subjects extraction answers (`<prefix>.extraction.get-claims.v1`). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one NATS subject token' })
  FAI_COMMAND_SUBJECT_PREFIX: string = 'fai-cmd';
}
