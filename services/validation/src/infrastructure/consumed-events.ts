import { eventDataReader } from '@fai/service-kit';

/** The validation service's reader of consumed events (see eventDataReader). */
export const eventData = eventDataReader('validation');
