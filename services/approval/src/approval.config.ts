import { COMMAND_SUBJECT_PREFIX, EVENT_SUBJECT_PREFIX } from '@fai/contracts';
import { PlatformConfig } from '@fai/service-kit';
import { Matches } from 'class-validator';

export const SERVICE_NAME = 'approval';

/** The approval service's settings: its own schema and HTTP port by default, and its subjects. */
export class ApprovalConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3106;

  /** First token(s) of the event subjects approval consumes: `<prefix>.scheduler.run-started.v1`, `<prefix>.reporting.…`. */
  @Matches(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, { message: 'must be NATS subject tokens such as fai' })
  FAI_APPROVAL_SOURCE_PREFIX: string = EVENT_SUBJECT_PREFIX;

  /** First token of the command subjects approval answers (`<prefix>.approval.approve.v1`, ...). */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be one NATS subject token such as fai-cmd' })
  FAI_COMMAND_SUBJECT_PREFIX: string = COMMAND_SUBJECT_PREFIX;
}
