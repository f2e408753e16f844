import { isDeepStrictEqual } from 'node:util';
import {
  FundStillExpectedError,
  IdentifierReassignedError,
  InvalidInventoryError,
  InvalidPortfolioError,
  InvalidScheduleError,
  IsinReassignedError,
  PortfolioAlreadyRegisteredError,
  PortfolioNotFoundError,
  ReasonRequiredError,
  type ExpectedFundInventory,
  type ExpectedInventorySetV1,
  type PortfolioChangedV1,
  type PortfolioFund,
  type PortfolioRegisteredV1,
  type PortfolioSchedule,
  type PortfolioScheduleSetV1,
} from '@fai/contracts';
import {
  assertNever,
  type Decider,
  type DomainCommand as Command,
  type DomainEvent as Event,
} from '@fai/decider';
import { scheduleProblems } from '../cadence/schedule-validation';

/*
 * A portfolio: its tenant, funds, schedule and expected inventory. One stream per portfolio
 * (`portfolio-<portfolioId>`); every change is an event with actor and reason. A change that
 * changes nothing decides no event.
 */

interface Authored {
  actor: string;
  reason: string;
}

export type RegisterPortfolio = Command<
  'RegisterPortfolio',
  Authored & {
    portfolioId: string;
    tenantId: string;
    name: string;
    baseCurrency: string;
    funds: PortfolioFund[];
  }
>;
/** Fields left out stay as they are; `funds`, when given, is the whole new fund list. */
export type ChangePortfolio = Command<
  'ChangePortfolio',
  Authored & { portfolioId: string; name?: string; baseCurrency?: string; funds?: PortfolioFund[] }
>;
export type SetPortfolioSchedule = Command<
  'SetPortfolioSchedule',
  Authored & { portfolioId: string; schedule: PortfolioSchedule }
>;
export type SetExpectedInventory = Command<
  'SetExpectedInventory',
  Authored & { portfolioId: string; funds: ExpectedFundInventory[] }
>;
export type PortfolioCommand =
  RegisterPortfolio | ChangePortfolio | SetPortfolioSchedule | SetExpectedInventory;

export type PortfolioEvent =
  | Event<'PortfolioRegistered', PortfolioRegisteredV1>
  | Event<'PortfolioChanged', PortfolioChangedV1>
  | Event<'PortfolioScheduleSet', PortfolioScheduleSetV1>
  | Event<'ExpectedInventorySet', ExpectedInventorySetV1>;

export type PortfolioState =
  | { status: 'unregistered' }
  | {
      status: 'registered';
      portfolioId: string;
      tenantId: string;
      name: string;
      baseCurrency: string;
      funds: readonly PortfolioFund[];
      schedule?: PortfolioSchedule;
      inventory: readonly ExpectedFundInventory[];
    };
type RegisteredPortfolio = Extract<PortfolioState, { status: 'registered' }>;

export function portfolioStreamId(portfolioId: string): string {
  return `portfolio-${portfolioId}`;
}

export const portfolioDecider: Decider<PortfolioCommand, PortfolioEvent, PortfolioState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};

function decide(command: PortfolioCommand, state: PortfolioState): PortfolioEvent[] {
  requireReason(command.data.reason, command.type);
  switch (command.type) {
    case 'RegisterPortfolio':
      return register(command, state);
    case 'ChangePortfolio':
      return change(command, registered(state, command.data.portfolioId));
    case 'SetPortfolioSchedule':
      return setSchedule(command, registered(state, command.data.portfolioId));
    case 'SetExpectedInventory':
      return setInventory(command, registered(state, command.data.portfolioId));
    default:
      return assertNever(command, 'portfolio command');
  }
}

function register({ data, metadata }: RegisterPortfolio, state: PortfolioState): PortfolioEvent[] {
  if (state.status === 'registered') throw new PortfolioAlreadyRegisteredError(data.portfolioId);
  assertValidPortfolio(data.portfolioId, data);
  return [
    {
      type: 'PortfolioRegistered',
      data: { ...data, funds: [...data.funds], at: metadata.now.toISOString() },
    },
  ];
}

function change({ data, metadata }: ChangePortfolio, state: RegisteredPortfolio): PortfolioEvent[] {
  const next = {
    name: data.name ?? state.name,
    baseCurrency: data.baseCurrency ?? state.baseCurrency,
    funds: data.funds ?? state.funds,
  };
  const changed = (['name', 'baseCurrency', 'funds'] as const).filter(
    (key) => !isDeepStrictEqual(next[key], state[key]),
  );
  if (changed.length === 0) return [];
  assertValidPortfolio(state.portfolioId, next);
  assertFundsKeepTheirIds(state.portfolioId, state.funds, next.funds);
  const [fundsAdded, fundsRemoved] = [
    difference(next.funds, state.funds),
    difference(state.funds, next.funds),
  ];
  const stillExpected = fundsRemoved.filter((fundId) =>
    state.inventory.some((entry) => entry.fundId === fundId),
  );
  if (stillExpected.length > 0) throw new FundStillExpectedError(state.portfolioId, stillExpected);
  return [
    {
      type: 'PortfolioChanged',
      data: {
        portfolioId: state.portfolioId,
        ...next,
        funds: [...next.funds],
        changed,
        fundsAdded,
        fundsRemoved,
        actor: data.actor,
        reason: data.reason,
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function setSchedule({ data, metadata }: SetPortfolioSchedule, state: RegisteredPortfolio): PortfolioEvent[] {
  const problems = scheduleProblems(data.schedule);
  if (problems.length > 0) throw new InvalidScheduleError(state.portfolioId, problems);
  if (isDeepStrictEqual(data.schedule, state.schedule)) return [];
  return [
    {
      type: 'PortfolioScheduleSet',
      data: { ...data, portfolioId: state.portfolioId, at: metadata.now.toISOString() },
    },
  ];
}

function setInventory(
  { data, metadata }: SetExpectedInventory,
  state: RegisteredPortfolio,
): PortfolioEvent[] {
  const problems = inventoryProblems(data.funds, state.funds);
  if (problems.length > 0) throw new InvalidInventoryError(state.portfolioId, problems);
  if (isDeepStrictEqual(data.funds, state.inventory)) return [];
  return [
    {
      type: 'ExpectedInventorySet',
      data: {
        ...data,
        portfolioId: state.portfolioId,
        funds: [...data.funds],
        at: metadata.now.toISOString(),
      },
    },
  ];
}

function evolve(state: PortfolioState, event: PortfolioEvent): PortfolioState {
  switch (event.type) {
    case 'PortfolioRegistered': {
      const { portfolioId, tenantId, name, baseCurrency, funds } = event.data;
      return { status: 'registered', portfolioId, tenantId, name, baseCurrency, funds, inventory: [] };
    }
    case 'PortfolioChanged': {
      if (state.status !== 'registered') return state;
      const { name, baseCurrency, funds } = event.data;
      return { ...state, name, baseCurrency, funds };
    }
    case 'PortfolioScheduleSet':
      return state.status === 'registered' ? { ...state, schedule: event.data.schedule } : state;
    case 'ExpectedInventorySet':
      return state.status === 'registered' ? { ...state, inventory: event.data.funds } : state;
    default:
      return assertNever(event, 'portfolio event');
  }
}

function registered(state: PortfolioState, portfolioId: string): RegisteredPortfolio {
  if (state.status !== 'registered') throw new PortfolioNotFoundError(portfolioId);
  return state;
}

function requireReason(reason: string, what: string): void {
  if (reason.trim() === '') throw new ReasonRequiredError(what);
}

const CURRENCY = /^[A-Z]{3}$/;
const ARTEFACT_TYPE = /^[a-z][a-z0-9_]*$/;

/** How each identifier a fund may be listed by is written, and how a problem with it is named. */
const IDENTIFIERS = {
  isin: { label: 'ISIN', pattern: /^[A-Z]{2}[A-Z0-9]{9}\d$/ },
  series_id: { label: 'series id', pattern: /^S\d{9}$/ },
  lei: { label: 'LEI', pattern: /^[A-Z0-9]{18}\d{2}$/ },
} as const;
type IdentifierScheme = keyof typeof IDENTIFIERS;

interface ListedIdentifier {
  scheme: IdentifierScheme;
  value: string;
  fundId: string;
}

/** A fund's identifiers, each once: its ISINs (its own and its share classes'), series id and LEI. */
function fundIdentifiers(fund: PortfolioFund): ListedIdentifier[] {
  const { fundId, seriesId, lei } = fund;
  const isins = new Set([...fund.isins, ...fund.shareClasses.flatMap((sc) => (sc.isin ? [sc.isin] : []))]);
  return [
    ...[...isins].map((value) => ({ scheme: 'isin' as const, value, fundId })),
    ...(seriesId ? [{ scheme: 'series_id' as const, value: seriesId, fundId }] : []),
    ...(lei ? [{ scheme: 'lei' as const, value: lei, fundId }] : []),
  ];
}

function assertValidPortfolio(
  portfolioId: string,
  portfolio: { name: string; baseCurrency: string; funds: readonly PortfolioFund[] },
): void {
  const { funds } = portfolio;
  const identifiers = funds.flatMap(fundIdentifiers);
  const problems = [
    ...(portfolio.name.trim() === '' ? ['name is empty'] : []),
    ...(CURRENCY.test(portfolio.baseCurrency)
      ? []
      : [`baseCurrency "${portfolio.baseCurrency}" is not an ISO 4217 code`]),
    ...duplicates(funds.map((fund) => fund.fundId)).map((fundId) => `fundId ${fundId} is listed twice`),
    ...funds.filter((fund) => fund.name.trim() === '').map((fund) => `fund ${fund.fundId} has no name`),
    ...duplicates(funds.flatMap((fund) => fund.shareClasses.map((sc) => sc.shareClassId))).map(
      (id) => `share class ${id} is listed twice`,
    ),
    ...identifiers
      .filter(({ scheme, value }) => !IDENTIFIERS[scheme].pattern.test(value))
      .map((identifier) => `${describe(identifier)} is malformed`),
    ...duplicates(identifiers.map(describe)).map(
      (identifier) => `${identifier} belongs to more than one fund`,
    ),
  ];
  if (problems.length > 0) throw new InvalidPortfolioError(portfolioId, problems);
}

/** A fund_id is forever: no identifier another fund was listed by may move to a different fund id. */
function assertFundsKeepTheirIds(
  portfolioId: string,
  before: readonly PortfolioFund[],
  after: readonly PortfolioFund[],
) {
  const owner = new Map(before.flatMap(fundIdentifiers).map((id) => [describe(id), id.fundId]));
  const reassigned = after.flatMap(fundIdentifiers).flatMap(({ scheme, value, fundId: toFundId }) => {
    const fromFundId = owner.get(describe({ scheme, value }));
    return fromFundId && fromFundId !== toFundId ? [{ scheme, value, fromFundId, toFundId }] : [];
  });
  const isins = reassigned.flatMap(({ scheme, value: isin, fromFundId, toFundId }) =>
    scheme === 'isin' ? [{ isin, fromFundId, toFundId }] : [],
  );
  if (isins.length > 0) throw new IsinReassignedError(portfolioId, isins);
  const others = reassigned.flatMap(({ scheme, ...moved }) =>
    scheme === 'isin' ? [] : [{ scheme, ...moved }],
  );
  if (others.length > 0) throw new IdentifierReassignedError(portfolioId, others);
}

/** E.g. "series id S000012000": unique per scheme and value, and readable in a problem. */
function describe({ scheme, value }: { scheme: IdentifierScheme; value: string }): string {
  return `${IDENTIFIERS[scheme].label} ${value}`;
}

function inventoryProblems(
  inventory: readonly ExpectedFundInventory[],
  funds: readonly PortfolioFund[],
): string[] {
  const known = new Set(funds.map((fund) => fund.fundId));
  return [
    ...inventory
      .filter((entry) => !known.has(entry.fundId))
      .map((entry) => `fund ${entry.fundId} is not in the portfolio`),
    ...duplicates(inventory.map((entry) => entry.fundId)).map((fundId) => `fund ${fundId} is listed twice`),
    ...inventory.flatMap((entry) => [
      ...entry.artefacts
        .filter((artefact) => !ARTEFACT_TYPE.test(artefact.artefactType))
        .map(
          (artefact) =>
            `artefact type "${artefact.artefactType}" of fund ${entry.fundId} is not lower_snake_case`,
        ),
      ...duplicates(entry.artefacts.map((artefact) => artefact.artefactType)).map(
        (type) => `artefact type ${type} is listed twice for fund ${entry.fundId}`,
      ),
    ]),
  ];
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function difference(funds: readonly PortfolioFund[], others: readonly PortfolioFund[]): string[] {
  const otherIds = new Set(others.map((fund) => fund.fundId));
  return funds.map((fund) => fund.fundId).filter((fundId) => !otherIds.has(fundId));
}
