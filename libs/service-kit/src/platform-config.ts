import { BaseConfig } from '@fai/config';
import { DEAD_LETTER_SUBJECT_PREFIX, EVENT_SUBJECT_PREFIX } from '@fai/contracts';
import { Matches } from 'class-validator';

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SUBJECT_LIST = /^[A-Za-z0-9_*>.-]+(,[A-Za-z0-9_*>.-]+)*$/;
const STREAM_NAME_RULE = { message: 'must be a JetStream stream name: letters, digits, _ and - only' };
const SUBJECT_LIST_RULE = { message: 'must be comma-separated NATS subjects such as fai.>' };

/**
 * The settings every FAI service reads on top of BaseConfig: where events and dead letters live on
 * JetStream. Every service ensures both streams at start-up. The defaults are the deployment's
 * shared streams; a test (or a second deployment on the same NATS) names its own streams and
 * subjects, since two streams may not capture the same subject.
 */
export class PlatformConfig extends BaseConfig {
  @Matches(STREAM_NAME, STREAM_NAME_RULE)
  FAI_EVENT_STREAM: string = 'FAI_EVENTS';

  @Matches(SUBJECT_LIST, SUBJECT_LIST_RULE)
  FAI_EVENT_STREAM_SUBJECTS: string = `${EVENT_SUBJECT_PREFIX}.>`;

  @Matches(STREAM_NAME, STREAM_NAME_RULE)
  FAI_DLQ_STREAM: string = 'FAI_DLQ';

  @Matches(SUBJECT_LIST, SUBJECT_LIST_RULE)
  FAI_DLQ_STREAM_SUBJECTS: string = `${DEAD_LETTER_SUBJECT_PREFIX}.>`;
}

export function subjectList(subjects: string): string[] {
  return subjects.split(',');
}
