import { deadLetterMessage, deadLetterSubject, parseDeadLetter, type DeadLetterRecord } from './dead-letter';

const record: DeadLetterRecord = {
  consumer: 'validation-inventory',
  subject: 'fai.ingest.artefact-ingested.v1',
  eventId: '0b0e8a52-5d0c-4d55-9a43-2f3b1e1d9c01',
  stream: 'FAI_EVENTS',
  streamSequence: 42,
  deliveryCount: 5,
  error: { code: 'STORE_UNAVAILABLE', message: 'connection refused\r\nat line 2', hint: 'retry later' },
  deadLetteredAt: '2025-02-01T10:00:00.000Z',
};

describe('dead letters', () => {
  it('go to fai-dlq.<consumer>.<original subject>', () => {
    expect(deadLetterSubject('validation-inventory', 'fai.ingest.artefact-ingested.v1')).toBe(
      'fai-dlq.validation-inventory.fai.ingest.artefact-ingested.v1',
    );
  });

  it('carry the record in headers and the original payload and headers, without NATS hop headers', () => {
    const data = new TextEncoder().encode('{"id":"x"}');
    const message = deadLetterMessage(record, {
      headers: {
        'Nats-Msg-Id': record.eventId,
        traceparent: '00-abc-def-01',
        'Fai-Event-Name': 'ArtefactIngested',
      },
      data,
    });
    expect(message.subject).toBe('fai-dlq.validation-inventory.fai.ingest.artefact-ingested.v1');
    expect(message.id).toBe(`dlq:validation-inventory:${record.eventId}`);
    expect(message.data).toBe(data);
    expect(message.headers['Nats-Msg-Id']).toBeUndefined();
    expect(message.headers['Fai-Dlq-Error-Message']).toBe('connection refused at line 2');

    const stored = parseDeadLetter(7, { ...message.headers, 'Nats-Sequence': '7' }, data);
    expect(stored).toEqual({
      ...record,
      error: { ...record.error, message: 'connection refused at line 2' },
      sequence: 7,
      headers: { traceparent: '00-abc-def-01', 'Fai-Event-Name': 'ArtefactIngested' },
      data,
    });
  });

  it('omit what a record does not have', () => {
    const { stream: _stream, streamSequence: _sequence, ...bare } = record;
    const message = deadLetterMessage(
      { ...bare, error: { code: 'X', message: 'y' } },
      { headers: {}, data: new Uint8Array() },
    );
    expect(Object.keys(message.headers)).not.toEqual(
      expect.arrayContaining(['Fai-Dlq-Stream', 'Fai-Dlq-Error-Hint']),
    );
    expect(parseDeadLetter(1, message.headers, message.data)).toMatchObject({
      stream: undefined,
      streamSequence: undefined,
    });
  });
});
