import { loadConfig } from '@fai/config';
import { clockFor } from './infrastructure/clock';
import { SchedulerConfig } from './scheduler.config';

const prod = { FAI_ENV: 'prod', FAI_PG_URL: 'postgres://scheduler:s3cret@db:5432/fai' };

describe('scheduler settings', () => {
  it('defaults to a one-minute clock on the real time and the deployment command subjects', () => {
    const config = loadConfig(SchedulerConfig, {});
    expect(config).toMatchObject({ FAI_SCHEDULER_TICK_MS: 60_000, FAI_COMMAND_SUBJECT_PREFIX: 'fai-cmd' });
    expect(Math.abs(clockFor(config).now().getTime() - Date.now())).toBeLessThan(1_000);
  });

  it('alerts a stall once per stage entry unless a repeat interval is set', () => {
    expect(loadConfig(SchedulerConfig, {}).FAI_SCHEDULER_STALL_REPEAT_MINUTES).toBeUndefined();
    expect(loadConfig(SchedulerConfig, { FAI_SCHEDULER_STALL_REPEAT_MINUTES: '30' })).toMatchObject({
      FAI_SCHEDULER_STALL_REPEAT_MINUTES: 30,
    });
    expect(() => loadConfig(SchedulerConfig, { FAI_SCHEDULER_STALL_REPEAT_MINUTES: '0' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('lets dev start the clock at another instant', () => {
    const config = loadConfig(SchedulerConfig, { FAI_SCHEDULER_FAKE_NOW: '2026-11-04T06:59:00Z' });
    const now = clockFor(config).now().getTime();
    expect(now - Date.parse('2026-11-04T06:59:00Z')).toBeGreaterThanOrEqual(0);
    expect(now - Date.parse('2026-11-04T06:59:00Z')).toBeLessThan(1_000);
  });

  it('refuses a fake clock in prod, and a fake instant that is not ISO 8601', () => {
    expect(() =>
      loadConfig(SchedulerConfig, { ...prod, FAI_SCHEDULER_FAKE_NOW: '2026-11-04T06:59:00Z' }),
    ).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('FAI_SCHEDULER_FAKE_NOW'),
      }),
    );
    expect(() => loadConfig(SchedulerConfig, { FAI_SCHEDULER_FAKE_NOW: 'next tuesday' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
    expect(() => loadConfig(SchedulerConfig, prod)).not.toThrow();
  });
});
