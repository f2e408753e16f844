import { atOf, text, type DocumentProjection, type ProjectedEvent } from '../projections/document-projection';

export interface PortfolioFund {
  fundId: string;
  name: string;
  isins: string[];
  seriesId?: string;
  lei?: string;
  shareClasses: Array<{ shareClassId: string; isin?: string; currency?: string }>;
}

/** A portfolio as the API shows it: funds, schedule, expected inventory, pinned source and approval policies. */
export interface PortfolioView {
  portfolioId: string;
  tenantId: string;
  name: string;
  baseCurrency: string;
  funds: PortfolioFund[];
  schedule: Record<string, unknown> | null;
  expectedInventory: unknown[];
  sourcePolicy: { sourcePolicyId: string; version: number } | null;
  approvalPolicy: {
    approverMayBeOperator: boolean;
    approverMayBeSubmitter: boolean;
    setBy: string;
    at: string;
  };
  registeredAt: string;
  updatedAt: string;
}

/** Strict four eyes until a policy says otherwise (approval's default). */
const DEFAULT_APPROVAL_POLICY = {
  approverMayBeOperator: false,
  approverMayBeSubmitter: false,
  setBy: 'default',
};

export const portfolioProjection: DocumentProjection<PortfolioView> = {
  table: 'portfolio',
  handles: [
    'PortfolioRegistered',
    'PortfolioChanged',
    'PortfolioScheduleSet',
    'ExpectedInventorySet',
    'SourcePolicySet',
    'ApprovalPolicySet',
  ],
  keys: (event) => {
    const portfolioId = text(event, 'portfolioId');
    return portfolioId ? [portfolioId] : [];
  },
  evolve: (doc, event) => {
    const at = atOf(event);
    const data = event.data;
    if (event.name === 'PortfolioRegistered') {
      return {
        portfolioId: String(data.portfolioId),
        tenantId: String(data.tenantId),
        name: String(data.name),
        baseCurrency: String(data.baseCurrency),
        funds: data.funds as PortfolioFund[],
        schedule: null,
        expectedInventory: [],
        sourcePolicy: null,
        approvalPolicy: { ...DEFAULT_APPROVAL_POLICY, at },
        registeredAt: at,
        updatedAt: at,
      };
    }
    if (!doc) return undefined;
    return { ...doc, ...change(event), updatedAt: at };
  },
  columns: (doc) => ({ tenant_id: doc.tenantId, name: doc.name }),
};

function change(event: ProjectedEvent): Partial<PortfolioView> {
  const data = event.data;
  switch (event.name) {
    case 'PortfolioChanged':
      return {
        name: String(data.name),
        baseCurrency: String(data.baseCurrency),
        funds: data.funds as PortfolioFund[],
      };
    case 'PortfolioScheduleSet':
      return { schedule: data.schedule as Record<string, unknown> };
    case 'ExpectedInventorySet':
      return { expectedInventory: data.funds as unknown[] };
    case 'SourcePolicySet':
      return { sourcePolicy: { sourcePolicyId: String(data.sourcePolicyId), version: Number(data.version) } };
    case 'ApprovalPolicySet':
      return {
        approvalPolicy: {
          approverMayBeOperator: data.approverMayBeOperator === true,
          approverMayBeSubmitter: data.approverMayBeSubmitter === true,
          setBy: String(data.setBy),
          at: atOf(event),
        },
      };
    default:
      return {};
  }
}
