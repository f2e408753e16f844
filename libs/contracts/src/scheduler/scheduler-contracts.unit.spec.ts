import { ContractRegistry } from '../contract-registry';
import { isContract, type AnyContract, type AnyEventContract } from '../define-event';
import * as scheduler from './index';

const all = Object.values(scheduler).filter(isContract) as AnyContract[];
const contracts = all.filter((c): c is AnyEventContract => c.kind === 'event');
const commands = all.filter((c) => c.kind === 'command');
const registry = new ContractRegistry(all);
const validate = (contract: AnyEventContract, data: unknown) => () =>
  registry.validate(contract.name, contract.version, data);

describe('scheduler contracts', () => {
  it('exports every scheduler event, in the scheduler context, once', () => {
    expect(contracts.map((c) => c.name).sort()).toEqual([
      'CycleOpened',
      'CycleStalled',
      'ExpectedInventorySet',
      'PortfolioChanged',
      'PortfolioRegistered',
      'PortfolioScheduleSet',
      'RunCompleted',
      'RunFailed',
      'RunFundLocked',
      'RunMarkedIncomplete',
      'RunProceededAtCutOff',
      'RunStageCompleted',
      'RunStageStarted',
      'RunStarted',
      'RunSuperseded',
    ]);
    expect(new Set(contracts.map((c) => c.context))).toEqual(new Set(['scheduler']));
    expect(scheduler.cycleOpenedV1.type).toBe('fai.scheduler.cycle-opened.v1');
  });

  it('exports the commands the gateway sends, answered on fai-cmd.scheduler.*', () => {
    expect(commands.map((c) => c.subject).sort()).toEqual([
      'fai-cmd.scheduler.change-portfolio.v1',
      'fai-cmd.scheduler.open-adhoc-cycle.v1',
      'fai-cmd.scheduler.proceed-at-cut-off.v1',
      'fai-cmd.scheduler.register-portfolio.v1',
      'fai-cmd.scheduler.set-expected-inventory.v1',
      'fai-cmd.scheduler.set-portfolio-schedule.v1',
      'fai-cmd.scheduler.start-rerun.v1',
    ]);
  });

  it('refuses a command without its id, actor or reason', () => {
    const { request } = scheduler.openAdhocCycleV1.example;
    for (const key of ['commandId', 'actor', 'reason'] as const) {
      const { [key]: _left, ...without } = request;
      expect(() => registry.validateRequest('OpenAdhocCycle', 1, without)).toThrow(
        expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
      );
    }
  });

  it.each(contracts.map((c) => [c.name, c] as const))(
    '%s: its example matches its schema',
    (_name, contract) => {
      expect(validate(contract, contract.example)).not.toThrow();
    },
  );

  it('refuses a period that is not YYYY-MM with a real month', () => {
    const { example } = scheduler.cycleOpenedV1;
    for (const period of ['2026-13', '2026-1', '26-10', '2026-00'])
      expect(validate(scheduler.cycleOpenedV1, { ...example, period })).toThrow(
        expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
      );
  });

  it('refuses a cause that is neither clock, operator with actor, nor event with id', () => {
    const { example } = scheduler.runStageCompletedV1;
    for (const cause of [
      { kind: 'operator' },
      { kind: 'event' },
      { kind: 'cron' },
      { kind: 'clock', actor: 'x' },
    ])
      expect(validate(scheduler.runStageCompletedV1, { ...example, cause })).toThrow(
        expect.objectContaining({ code: 'CONTRACT_VIOLATION' }),
      );
  });

  it('refuses an unknown stage, a failed run whose publication is not blocked, and an empty missing list', () => {
    expect(
      validate(scheduler.runStageStartedV1, { ...scheduler.runStageStartedV1.example, stage: 'approve' }),
    ).toThrow();
    expect(
      validate(scheduler.runFailedV1, { ...scheduler.runFailedV1.example, publicationBlocked: false }),
    ).toThrow();
    expect(
      validate(scheduler.runMarkedIncompleteV1, {
        ...scheduler.runMarkedIncompleteV1.example,
        missingArtefacts: [],
      }),
    ).toThrow();
  });

  it('refuses a schedule with a bad time, a day beyond 31, or a missing stage budget', () => {
    const { example } = scheduler.portfolioScheduleSetV1;
    const withSchedule = (patch: object) => ({ ...example, schedule: { ...example.schedule, ...patch } });
    const { report: _report, ...budgetsWithoutReport } = example.schedule.stageBudgetsMinutes;
    for (const data of [
      withSchedule({ localTime: '24:00' }),
      withSchedule({ due: { rule: 'day_of_month', day: 32 } }),
      withSchedule({ due: { rule: 'business_days_after_month_end', businessDays: 0 } }),
      withSchedule({ stageBudgetsMinutes: budgetsWithoutReport }),
    ])
      expect(validate(scheduler.portfolioScheduleSetV1, data)).toThrow();
  });

  it('refuses a malformed ISIN or currency', () => {
    const { example } = scheduler.portfolioRegisteredV1;
    const fund = example.funds[0];
    expect(
      validate(scheduler.portfolioRegisteredV1, {
        ...example,
        funds: [{ ...fund, isins: ['lu0123456789'] }],
      }),
    ).toThrow();
    expect(validate(scheduler.portfolioRegisteredV1, { ...example, baseCurrency: 'euro' })).toThrow();
  });
});
