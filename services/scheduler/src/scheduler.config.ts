import { DevOnly } from '@fai/config';
import { COMMAND_SUBJECT_PREFIX } from '@fai/contracts';
import { PlatformConfig } from '@fai/service-kit';
import { IsInt, IsISO8601, IsOptional, Matches, Min } from 'class-validator';

export const SERVICE_NAME = 'scheduler';

/** The scheduler service's settings: its own schema and HTTP port by default. */
export class SchedulerConfig extends PlatformConfig {
  override FAI_PG_SCHEMA: string = SERVICE_NAME;
  override FAI_HTTP_PORT: number = 3101;

  /** How often the clock opens due cycles and looks for stalled runs and passed cut-offs. */
  @IsInt()
  @Min(10)
  FAI_SCHEDULER_TICK_MS: number = 60_000;

  /**
   * A run still stalled alerts again after this many minutes; unset, it alerts once per stage
   * entry (and again only after it moves).
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  FAI_SCHEDULER_STALL_REPEAT_MINUTES?: number;

  /** Dev only: the clock starts at this instant when the process starts, then runs at real speed. */
  @DevOnly()
  @IsOptional()
  @IsISO8601({ strict: true })
  FAI_SCHEDULER_FAKE_NOW?: string;

  /**
   * First token of the command subjects the scheduler answers (`<prefix>.scheduler.<command>.v<N>`).
   * Another deployment (or a test) sharing the NATS server names its own, as it names its own streams.
   */
  @Matches(/^[a-z][a-z0-9_-]*$/, { message: 'must be one lower-case NATS subject token such as fai-cmd' })
  FAI_COMMAND_SUBJECT_PREFIX: string = COMMAND_SUBJECT_PREFIX;
}
