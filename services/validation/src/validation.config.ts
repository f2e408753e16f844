import { EVENT_SUBJECT_PREFIX } from '@fai/contracts';
import { PlatformConfig } from '@fai/service-kit';
import { IsOptional, IsString, Matches } from 'class-validator';

export const SERVICE_NAME = 'validation';

const SUBJECT_TOKENS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The validation service's settings: its own schema and HTTP port by default; the subjects it
 * consumes and answers on; where its policy documents are.
 */
export class ValidationConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3104;

  /**
   * First token(s) of the event subjects validation consumes (`<prefix>.scheduler.cycle-opened.v1`,
   * ...): the relay's subject root. Not derived from the stream's subjects, which may list several.
   */
  @Matches(SUBJECT_TOKENS, { message: 'must be NATS subject tokens such as fai' })
  FAI_VALIDATION_SOURCE_PREFIX: string = EVENT_SUBJECT_PREFIX;

  /** First token of the command subjects: validation answers `<prefix>.validation.*`, asks `<prefix>.extraction.get-claims.v1`. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one NATS subject token' })
  FAI_COMMAND_SUBJECT_PREFIX: string = 'fai-cmd';

  /** The policy documents directory; default: the service's own `policies`. */
  @IsOptional()
  @IsString()
  FAI_POLICIES_DIR?: string;
}
