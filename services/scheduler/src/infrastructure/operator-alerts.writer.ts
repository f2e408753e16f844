import { Inject, Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@fai/event-store';
import type { DeadLetterRecord } from '@fai/messaging';
import { deadLetterAlerts, FAI_LOGGER } from '@fai/service-kit';
import type { Logger } from 'winston';
import { SERVICE_NAME } from '../scheduler.config';
import { EventCodec } from './event-codec';

/** Raises operator alerts that no cycle decision carries, each once (its stream is created with no_stream). */
@Injectable()
export class OperatorAlerts {
  /** The alert for an event the scheduler's consumer gave up on. */
  readonly deadLetter: (record: DeadLetterRecord) => Promise<void>;

  constructor(
    store: PostgresEventStore,
    codec: EventCodec,
    @Inject(FAI_LOGGER) logger: Pick<Logger, 'error'>,
  ) {
    this.deadLetter = deadLetterAlerts({ store, codec, actor: SERVICE_NAME, logger });
  }
}
