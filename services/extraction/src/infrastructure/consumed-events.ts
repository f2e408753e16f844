import { eventDataReader } from '@fai/service-kit';

/** The extraction service's reader of consumed events (see eventDataReader). */
export const eventData = eventDataReader('extraction');
