import { loadConfig } from '@fai/config';
import { ValidationConfig } from './validation.config';

describe('validation settings', () => {
  it('consumes events under the relay’s subject root `fai` by default, whatever subjects the stream lists', () => {
    const config = loadConfig(ValidationConfig, {
      FAI_EVENT_STREAM_SUBJECTS: 'fai.scheduler.>,fai.ingest.>,fai.extraction.>',
    });
    expect(config.FAI_VALIDATION_SOURCE_PREFIX).toBe('fai');
  });

  it('takes another prefix when set, and refuses one that is not subject tokens', () => {
    expect(
      loadConfig(ValidationConfig, { FAI_VALIDATION_SOURCE_PREFIX: 'test.a1' }).FAI_VALIDATION_SOURCE_PREFIX,
    ).toBe('test.a1');
    expect(() => loadConfig(ValidationConfig, { FAI_VALIDATION_SOURCE_PREFIX: 'fai.>' })).toThrow(
      /FAI_VALIDATION_SOURCE_PREFIX/,
    );
  });
});
