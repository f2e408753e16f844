import { eventTypeName } from '@fai/contracts';
import type { RecordedEvent } from '@fai/event-store';
import { toBusMessage, toCloudEvent } from './cloud-event-mapping';

const recorded: RecordedEvent = {
  eventId: '6f1c2a7e-1f0b-4c55-9d2e-0b8a4f1e2d3c',
  type: 'ArtefactIngested',
  schemaVersion: 2,
  data: { artefactId: 'a-1', sha256: 'ab'.repeat(32) },
  metadata: {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    tenantId: 'tenant-1',
    portfolioId: 'pf-1',
    cycleId: 'cy-1',
    runId: 'run-1',
    fundId: 'fund-1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    tracestate: 'vendor=1',
    actor: 'user-7',
    unrelated: 'not an extension',
  },
  streamId: 'artefact-a-1',
  streamVersion: 3,
  globalPosition: 9_007_199_254_740_993n,
  transactionId: 812n,
  recordedAt: new Date('2025-03-31T12:00:00.123Z'),
  hash: 'h',
};

const resolveType = (name: string, version: number) => eventTypeName('ingest', name, version);

describe('toCloudEvent', () => {
  it('carries the stored event as a CloudEvents 1.0 envelope with FAI extensions', () => {
    expect(toCloudEvent(recorded, resolveType, 'fai/ingest')).toEqual({
      specversion: '1.0',
      id: recorded.eventId,
      source: 'fai/ingest',
      type: 'fai.ingest.artefact-ingested.v2',
      subject: 'fai.ingest.artefact-ingested.v2',
      time: '2025-03-31T12:00:00.123Z',
      datacontenttype: 'application/json',
      dataschema: 'urn:fai:schema:fai.ingest.artefact-ingested.v2',
      correlationid: 'corr-1',
      causationid: 'cause-1',
      tenantid: 'tenant-1',
      portfolioid: 'pf-1',
      cycleid: 'cy-1',
      runid: 'run-1',
      fundid: 'fund-1',
      traceparent: recorded.metadata.traceparent,
      tracestate: 'vendor=1',
      actor: 'user-7',
      faiposition: '9007199254740993',
      faistream: 'artefact-a-1',
      faistreamversion: 3,
      data: recorded.data,
    });
  });

  it('leaves out extensions the metadata does not have', () => {
    const event = toCloudEvent(
      { ...recorded, metadata: { correlationId: 'corr-2', fundId: '' } },
      resolveType,
      's',
    );
    for (const absent of ['causationid', 'tenantid', 'fundid', 'traceparent', 'tracestate', 'actor']) {
      expect(event).not.toHaveProperty(absent);
    }
    expect(event.correlationid).toBe('corr-2');
  });

  it('asks the resolver with the stored name and schema version', () => {
    const asked: Array<[string, number]> = [];
    toCloudEvent(recorded, (name, version) => (asked.push([name, version]), 'fai.x.y.v2'), 's');
    expect(asked).toEqual([['ArtefactIngested', 2]]);
  });
});

describe('toBusMessage', () => {
  it('publishes on the type subject, dedups by event id and carries routing and trace headers', () => {
    const cloudEvent = toCloudEvent(recorded, resolveType, 'fai/ingest');
    const message = toBusMessage(cloudEvent, 'ArtefactIngested', 2);
    expect(message.subject).toBe('fai.ingest.artefact-ingested.v2');
    expect(message.id).toBe(recorded.eventId);
    expect(message.headers).toEqual({
      'Fai-Event-Name': 'ArtefactIngested',
      'Fai-Event-Version': '2',
      'Fai-Correlation-Id': 'corr-1',
      traceparent: recorded.metadata.traceparent,
      tracestate: 'vendor=1',
    });
    expect(JSON.parse(new TextDecoder().decode(message.data))).toEqual(cloudEvent);
  });

  it('sends no trace headers when the event has no trace context', () => {
    const cloudEvent = toCloudEvent({ ...recorded, metadata: { correlationId: 'c' } }, resolveType, 's');
    expect(Object.keys(toBusMessage(cloudEvent, 'ArtefactIngested', 2).headers).sort()).toEqual([
      'Fai-Correlation-Id',
      'Fai-Event-Name',
      'Fai-Event-Version',
    ]);
  });
});
