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
  type PortfolioFund,
  type PortfolioSchedule,
} from '@fai/contracts';
import { fold } from '@fai/decider';
import { deciderSpecification } from '@fai/decider/testing';
import {
  portfolioDecider,
  portfolioStreamId,
  type PortfolioCommand,
  type PortfolioEvent,
} from './portfolio.decider';

const spec = deciderSpecification(portfolioDecider);
const now = new Date('2026-09-15T10:00:00.000Z');
const at = now.toISOString();
const metadata = { now };
const author = { actor: 'user-42', reason: 'Onboarding for the 2026 programme.' };

const equity: PortfolioFund = {
  fundId: 'fund-7',
  name: 'Acme World Equity',
  isins: ['LU0123456789'],
  shareClasses: [{ shareClassId: 'fund-7-a', isin: 'LU0123456789', currency: 'EUR' }],
};
const bonds: PortfolioFund = {
  fundId: 'fund-9',
  name: 'Acme Bonds',
  isins: ['IE00B4L5Y983'],
  shareClasses: [],
};

const munis: PortfolioFund = {
  fundId: 'fund-12',
  name: 'Dupree Kentucky Tax-Free Income',
  isins: [],
  seriesId: 'S000012000',
  lei: '5493001KJTIIGC8Y1R12',
  shareClasses: [],
};

const register = (funds: PortfolioFund[] = [equity, bonds], patch: object = {}): PortfolioCommand => ({
  type: 'RegisterPortfolio',
  data: {
    portfolioId: 'pf-001',
    tenantId: 'tenant-acme',
    name: 'Global Selection',
    baseCurrency: 'EUR',
    funds,
    ...author,
    ...patch,
  },
  metadata,
});
const registered: PortfolioEvent = {
  type: 'PortfolioRegistered',
  data: {
    portfolioId: 'pf-001',
    tenantId: 'tenant-acme',
    name: 'Global Selection',
    baseCurrency: 'EUR',
    funds: [equity, bonds],
    ...author,
    at: '2026-09-01T00:00:00.000Z',
  },
};
const change = (patch: {
  name?: string;
  baseCurrency?: string;
  funds?: PortfolioFund[];
  reason?: string;
}): PortfolioCommand => ({
  type: 'ChangePortfolio',
  data: { portfolioId: 'pf-001', ...author, ...patch },
  metadata,
});

const schedule: PortfolioSchedule = {
  startPeriod: '2026-09',
  due: { rule: 'business_days_after_month_end', businessDays: 3 },
  localTime: '07:00',
  timeZone: 'Europe/London',
  cutOff: { businessDays: 2, hours: 0 },
  stageBudgetsMinutes: { ingest: 240, extract: 120, validate: 60, compare: 30, rank: 30, report: 120 },
};
const setSchedule = (value: PortfolioSchedule): PortfolioCommand => ({
  type: 'SetPortfolioSchedule',
  data: { portfolioId: 'pf-001', schedule: value, ...author },
  metadata,
});
const scheduleSet: PortfolioEvent = {
  type: 'PortfolioScheduleSet',
  data: { portfolioId: 'pf-001', schedule, ...author, at },
};

const inventory = [{ fundId: 'fund-7', artefacts: [{ artefactType: 'nport', required: true }] }];
const setInventory = (funds: typeof inventory): PortfolioCommand => ({
  type: 'SetExpectedInventory',
  data: { portfolioId: 'pf-001', funds, ...author },
  metadata,
});
const inventorySet: PortfolioEvent = {
  type: 'ExpectedInventorySet',
  data: { portfolioId: 'pf-001', funds: inventory, ...author, at },
};

describe('portfolio decider', () => {
  it('names the stream after the portfolio', () => {
    expect(portfolioStreamId('pf-001')).toBe('portfolio-pf-001');
  });

  describe('RegisterPortfolio', () => {
    it('registers a new portfolio with its tenant, funds, actor and reason', () => {
      spec
        .given([])
        .when(register())
        .then([{ ...registered, data: { ...registered.data, at } }]);
    });

    it('refuses a second registration', () => {
      spec
        .given([registered])
        .when(register())
        .thenThrows(PortfolioAlreadyRegisteredError, {
          code: 'PORTFOLIO_ALREADY_REGISTERED',
          details: { portfolioId: 'pf-001' },
        });
    });

    it('refuses a blank reason', () => {
      spec
        .given([])
        .when(register(undefined, { reason: '  ' }))
        .thenThrows(ReasonRequiredError, { code: 'REASON_REQUIRED' });
    });

    it('accepts a share class ISIN that is also one of its own fund’s ISINs', () => {
      expect(
        spec
          .given([])
          .when(register([equity]))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('registers a fund by its SEC series id and LEI', () => {
      const [event] = spec
        .given([])
        .when(register([equity, munis]))
        .thenEvents();
      expect(event).toMatchObject({ type: 'PortfolioRegistered', data: { funds: [equity, munis] } });
    });

    it.each<[string, PortfolioFund[], object, RegExp]>([
      [
        'a malformed series id',
        [{ ...munis, seriesId: 'S00001200' }],
        {},
        /series id S00001200 is malformed/,
      ],
      [
        'a malformed LEI',
        [{ ...munis, lei: '5493001KJTIIGC8Y1RAB' }],
        {},
        /LEI 5493001KJTIIGC8Y1RAB is malformed/,
      ],
      [
        'a series id on two funds',
        [munis, { ...bonds, seriesId: 'S000012000' }],
        {},
        /series id S000012000 belongs to more than one fund/,
      ],
      [
        'an LEI on two funds',
        [munis, { ...bonds, lei: '5493001KJTIIGC8Y1R12' }],
        {},
        /LEI 5493001KJTIIGC8Y1R12 belongs to more than one fund/,
      ],
      ['a duplicate fund id', [equity, { ...bonds, fundId: 'fund-7' }], {}, /fundId fund-7 is listed twice/],
      ['a malformed ISIN', [{ ...bonds, isins: ['IE00B4L5Y98X'] }], {}, /ISIN IE00B4L5Y98X is malformed/],
      [
        'an ISIN on two funds',
        [equity, { ...bonds, isins: ['LU0123456789'] }],
        {},
        /ISIN LU0123456789 belongs to more than one fund/,
      ],
      [
        'a share class ISIN on another fund',
        [equity, { ...bonds, shareClasses: [{ shareClassId: 'b-1', isin: 'LU0123456789' }] }],
        {},
        /ISIN LU0123456789 belongs to more than one fund/,
      ],
      [
        'a duplicate share class id',
        [equity, { ...bonds, shareClasses: [{ shareClassId: 'fund-7-a' }] }],
        {},
        /share class fund-7-a is listed twice/,
      ],
      ['a fund without a name', [{ ...bonds, name: ' ' }], {}, /fund fund-9 has no name/],
      ['a blank portfolio name', [equity], { name: '' }, /name is empty/],
      ['a base currency that is not ISO 4217', [equity], { baseCurrency: 'Euro' }, /baseCurrency "Euro"/],
    ])('refuses %s with INVALID_PORTFOLIO', (_what, funds, patch, problem) => {
      spec
        .given([])
        .when(register(funds, patch))
        .thenThrows(InvalidPortfolioError, {
          code: 'INVALID_PORTFOLIO',
          details: { problems: [expect.stringMatching(problem)] },
        });
    });
  });

  describe('ChangePortfolio', () => {
    it('refuses an unknown portfolio', () => {
      spec
        .given([])
        .when(change({ name: 'x' }))
        .thenThrows(PortfolioNotFoundError, { code: 'PORTFOLIO_NOT_FOUND' });
    });

    it('records a rename with the whole new value and what changed', () => {
      spec
        .given([registered])
        .when(change({ name: 'Global Selection II', reason: 'Renamed by the IC.' }))
        .then([
          {
            type: 'PortfolioChanged',
            data: {
              portfolioId: 'pf-001',
              name: 'Global Selection II',
              baseCurrency: 'EUR',
              funds: [equity, bonds],
              changed: ['name'],
              fundsAdded: [],
              fundsRemoved: [],
              actor: 'user-42',
              reason: 'Renamed by the IC.',
              at,
            },
          },
        ]);
    });

    it('keeps a fund’s fund_id when its ISINs and share classes change', () => {
      const withNewClass: PortfolioFund = {
        ...equity,
        isins: [...equity.isins, 'LU0987654321'],
        shareClasses: [
          ...equity.shareClasses,
          { shareClassId: 'fund-7-b', isin: 'LU0987654321', currency: 'USD' },
        ],
      };
      const [event] = spec
        .given([registered])
        .when(change({ funds: [withNewClass, bonds] }))
        .thenEvents();
      expect(event).toMatchObject({
        type: 'PortfolioChanged',
        data: { changed: ['funds'], fundsAdded: [], fundsRemoved: [], funds: [withNewClass, bonds] },
      });
    });

    it('lists funds added and removed', () => {
      const cash: PortfolioFund = { fundId: 'fund-11', name: 'Acme Cash', isins: [], shareClasses: [] };
      const [event] = spec
        .given([registered])
        .when(change({ funds: [equity, cash] }))
        .thenEvents();
      expect(event).toMatchObject({
        data: { changed: ['funds'], fundsAdded: ['fund-11'], fundsRemoved: ['fund-9'] },
      });
    });

    it('refuses to give a fund’s ISIN to another fund id', () => {
      const rekeyed: PortfolioFund = { ...equity, fundId: 'fund-77', shareClasses: [] };
      spec
        .given([registered])
        .when(change({ funds: [rekeyed, bonds] }))
        .thenThrows(IsinReassignedError, {
          code: 'ISIN_REASSIGNED',
          details: { reassigned: [{ isin: 'LU0123456789', fromFundId: 'fund-7', toFundId: 'fund-77' }] },
        });
    });

    it('keeps a fund’s series id and LEI through a change of its other funds', () => {
      const withMunis: PortfolioEvent = {
        ...registered,
        data: { ...registered.data, funds: [equity, munis] },
      };
      const [event] = spec
        .given([withMunis])
        .when(change({ funds: [{ ...munis, isins: ['US26442X1019'] }] }))
        .thenEvents();
      expect(event).toMatchObject({
        data: {
          funds: [{ fundId: 'fund-12', seriesId: 'S000012000', lei: '5493001KJTIIGC8Y1R12' }],
          fundsRemoved: ['fund-7'],
        },
      });
    });

    it.each<[string, Partial<PortfolioFund>, object]>([
      ['series id', { lei: undefined }, { scheme: 'series_id', value: 'S000012000' }],
      ['LEI', { seriesId: undefined }, { scheme: 'lei', value: '5493001KJTIIGC8Y1R12' }],
    ])('refuses to give a fund’s %s to another fund id', (_what, keep, moved) => {
      const withMunis: PortfolioEvent = { ...registered, data: { ...registered.data, funds: [munis] } };
      spec
        .given([withMunis])
        .when(change({ funds: [{ ...munis, ...keep, fundId: 'fund-120' }] }))
        .thenThrows(IdentifierReassignedError, {
          code: 'IDENTIFIER_REASSIGNED',
          details: { reassigned: [{ ...moved, fromFundId: 'fund-12', toFundId: 'fund-120' }] },
        });
    });

    it('refuses to remove a fund that still has an expected inventory', () => {
      spec
        .given([registered, inventorySet])
        .when(change({ funds: [bonds] }))
        .thenThrows(FundStillExpectedError, {
          code: 'FUND_STILL_EXPECTED',
          details: { fundIds: ['fund-7'] },
        });
    });

    it('refuses an invalid new value', () => {
      spec
        .given([registered])
        .when(change({ baseCurrency: 'eur' }))
        .thenThrows(InvalidPortfolioError, { code: 'INVALID_PORTFOLIO' });
    });

    it('decides nothing when nothing changes', () => {
      spec
        .given([registered])
        .when(change({ name: 'Global Selection', funds: [equity, bonds] }))
        .then([]);
    });

    it('refuses a blank reason even for a real change', () => {
      spec
        .given([registered])
        .when(change({ name: 'New', reason: '' }))
        .thenThrows(ReasonRequiredError, { code: 'REASON_REQUIRED' });
    });
  });

  describe('SetPortfolioSchedule', () => {
    it('sets the schedule', () => {
      spec.given([registered]).when(setSchedule(schedule)).then([scheduleSet]);
    });

    it('refuses an unknown portfolio', () => {
      spec
        .given([])
        .when(setSchedule(schedule))
        .thenThrows(PortfolioNotFoundError, { code: 'PORTFOLIO_NOT_FOUND' });
    });

    it('refuses an invalid schedule with every problem listed', () => {
      spec
        .given([registered])
        .when(setSchedule({ ...schedule, timeZone: 'Europe/Atlantis', localTime: '25:00' }))
        .thenThrows(InvalidScheduleError, {
          code: 'INVALID_SCHEDULE',
          details: { problems: [expect.stringMatching(/timeZone/), expect.stringMatching(/localTime/)] },
        });
    });

    it('records a schedule change', () => {
      const later = { ...schedule, due: { rule: 'day_of_month', day: 10 } } as const;
      spec
        .given([registered, scheduleSet])
        .when(setSchedule(later))
        .then([{ type: 'PortfolioScheduleSet', data: { ...scheduleSet.data, schedule: later } }]);
    });

    it('decides nothing when the schedule is the same', () => {
      spec
        .given([registered, scheduleSet])
        .when(setSchedule({ ...schedule }))
        .then([]);
    });
  });

  describe('SetExpectedInventory', () => {
    it('sets which artefacts each fund must supply', () => {
      spec.given([registered]).when(setInventory(inventory)).then([inventorySet]);
    });

    it('refuses an unknown portfolio', () => {
      spec
        .given([])
        .when(setInventory(inventory))
        .thenThrows(PortfolioNotFoundError, { code: 'PORTFOLIO_NOT_FOUND' });
    });

    it.each([
      [
        'a fund outside the portfolio',
        [{ fundId: 'fund-404', artefacts: [] }],
        /fund fund-404 is not in the portfolio/,
      ],
      ['a fund listed twice', [...inventory, ...inventory], /fund fund-7 is listed twice/],
      [
        'an artefact type listed twice',
        [
          {
            fundId: 'fund-7',
            artefacts: [
              { artefactType: 'emt', required: true },
              { artefactType: 'emt', required: false },
            ],
          },
        ],
        /artefact type emt is listed twice for fund fund-7/,
      ],
      [
        'a malformed artefact type',
        [{ fundId: 'fund-7', artefacts: [{ artefactType: 'N-PORT', required: true }] }],
        /"N-PORT"/,
      ],
    ])('refuses %s with INVALID_INVENTORY', (_what, funds, problem) => {
      spec
        .given([registered])
        .when(setInventory(funds))
        .thenThrows(InvalidInventoryError, {
          code: 'INVALID_INVENTORY',
          details: { problems: [expect.stringMatching(problem)] },
        });
    });

    it('decides nothing when the inventory is the same', () => {
      spec.given([registered, inventorySet]).when(setInventory(inventory)).then([]);
    });
  });

  describe('evolve', () => {
    it('folds the history into the current portfolio; the tenant never changes', () => {
      const renamed = spec
        .given([registered])
        .when(change({ name: 'Renamed', funds: [equity] }))
        .thenEvents();
      const state = fold(portfolioDecider, [registered, scheduleSet, ...renamed, inventorySet]);
      expect(state).toEqual({
        status: 'registered',
        portfolioId: 'pf-001',
        tenantId: 'tenant-acme',
        name: 'Renamed',
        baseCurrency: 'EUR',
        funds: [equity],
        schedule,
        inventory,
      });
    });
  });
});
