import { artefactIngestedV1, type EventContract } from '@fai/contracts';
import type { ConsumedEvent } from '@fai/messaging';
import { eventDataReader, UnsupportedEventVersionError } from './event-data';

const eventData = eventDataReader('validation');
const consumed = (name: string, version: number, data: unknown) => ({ name, version, data }) as ConsumedEvent;

describe('eventDataReader', () => {
  it('given the contract’s event at its version, when read, then its data comes back', () => {
    const data = artefactIngestedV1.example;
    expect(
      eventData(consumed(artefactIngestedV1.name, artefactIngestedV1.version, data), artefactIngestedV1),
    ).toBe(data);
  });

  it('given another event, when read as the contract, then nothing comes back', () => {
    expect(eventData(consumed('FundRegistered', 1, {}), artefactIngestedV1)).toBeUndefined();
  });

  it('given a version the code was not written for, when read, then it is refused with the service’s code', () => {
    const newer = {
      ...artefactIngestedV1,
      version: artefactIngestedV1.version + 1,
    } as EventContract<unknown>;
    const read = () => eventData(consumed(artefactIngestedV1.name, artefactIngestedV1.version, {}), newer);
    expect(read).toThrow(UnsupportedEventVersionError);
    expect(read).toThrow(expect.objectContaining({ code: 'VALIDATION_EVENT_VERSION_UNSUPPORTED' }));
  });
});
