import {
  alertRaisedV1,
  approvalPolicySetV1,
  cycleOpenedV1,
  inventoryOpenedV1,
  runStartedV1,
  artefactIngestedV1,
  artefactSupersededV1,
  evidencePackBuiltV1,
  fundApprovedV1,
  fundRejectedV1,
  fundSubmittedForReviewV1,
  memoDraftedV1,
  operatorAlertAcknowledgedV1,
  operatorAlertRaisedV1,
  portfolioChangedV1,
  portfolioRegisteredV1,
  portfolioScheduleSetV1,
  reportOutputContentDeletedV1,
  reportPublishedV1,
} from '@fai/contracts';
import { fundAlertProjection } from '../alerts/fund-alert.projection';
import { operatorAlertProjection } from '../alerts/operator-alert.projection';
import { fundWorkflowProjection } from '../approval/fund-workflow.projection';
import { deletedContent, reportFileSha256 } from '../approval/report-files';
import { artefactProjection } from '../artefacts/artefact.projection';
import { cycleDetail } from '../cycles/cycle-detail';
import { cycleProjection } from '../cycles/cycle.projection';
import { fundProjection } from '../funds/fund.projection';
import { portfolioProjection } from '../portfolios/portfolio.projection';
import { exampleEvent as event, fold } from './projection-fixture';

const registered = event(portfolioRegisteredV1);
const CYCLE = 'pf-001-2026-10-scheduled';

describe('the portfolio read model', () => {
  it('holds the funds, schedule and approval policy, strict four eyes by default', () => {
    expect(fold(portfolioProjection, registered).get('pf-001')?.approvalPolicy).toMatchObject({
      approverMayBeOperator: false,
      approverMayBeSubmitter: false,
    });
    const doc = fold(
      portfolioProjection,
      registered,
      event(portfolioScheduleSetV1),
      event(approvalPolicySetV1),
    ).get('pf-001');
    expect(doc).toMatchObject({
      tenantId: 'tenant-acme',
      schedule: { timeZone: 'Europe/London' },
      approvalPolicy: { approverMayBeOperator: true, approverMayBeSubmitter: false, setBy: 'admin-1' },
    });
    expect(portfolioProjection.columns(doc!)).toEqual({
      tenant_id: 'tenant-acme',
      name: 'Global Equity Selection',
    });
  });
});

describe('the fund read model', () => {
  it('finds a fund by any ISIN of its share classes and keeps its fund_id when ISINs change (acceptance 1, 46)', () => {
    const docs = fold(fundProjection, registered, event(portfolioChangedV1));
    expect([...docs.keys()]).toEqual(['pf-001:fund-7']);
    expect(docs.get('pf-001:fund-7')).toMatchObject({
      fundId: 'fund-7',
      isins: ['LU0123456789', 'LU0987654321'],
      status: 'active',
    });
  });

  it('marks a removed fund offboarded and points at the latest published snapshot', () => {
    const removed = event(portfolioChangedV1, { funds: [], fundsRemoved: ['fund-7'] });
    expect(fold(fundProjection, registered, removed).get('pf-001:fund-7')?.status).toBe('offboarded');
    const published = fold(fundProjection, registered, event(reportPublishedV1)).get('pf-001:fund-7');
    expect(published?.latestSnapshot).toMatchObject({ cycleId: CYCLE, reportId: 'report-8e9fa0b1c2d3e4f5' });
  });
});

describe('the fund workflow read model', () => {
  const drafted = event(memoDraftedV1);
  const key = `${CYCLE}:fund-7`;

  it('records every transition with actor and notes (acceptance 25), draft → review → approved → published', () => {
    const doc = fold(
      fundWorkflowProjection,
      drafted,
      event(evidencePackBuiltV1),
      event(fundSubmittedForReviewV1),
      event(fundApprovedV1),
      event(reportPublishedV1, {}, { actor: 'owner-1' }),
    ).get(key);
    expect(doc).toMatchObject({
      state: 'published',
      submittedBy: 'analyst-3',
      approvedBy: 'reviewer-9',
      evidencePack: { packId: 'pack-5d6e7f8091a2b3c4', evidenceCoverage: '1' },
      report: { reportId: 'report-8e9fa0b1c2d3e4f5' },
    });
    expect(doc?.history.map((entry) => [entry.event, entry.actor])).toEqual([
      ['MemoDrafted', null],
      ['EvidencePackBuilt', null],
      ['FundSubmittedForReview', 'analyst-3'],
      ['FundApproved', 'reviewer-9'],
      ['ReportPublished', 'owner-1'],
    ]);
  });

  it('a rejection or a new draft before approval returns the fund to draft', () => {
    expect(
      fold(fundWorkflowProjection, drafted, event(fundSubmittedForReviewV1), event(fundRejectedV1)).get(key)
        ?.state,
    ).toBe('draft');
    expect(
      fold(
        fundWorkflowProjection,
        drafted,
        event(fundSubmittedForReviewV1),
        event(memoDraftedV1, { version: 2 }),
      ).get(key),
    ).toMatchObject({
      state: 'draft',
      memo: { version: 2 },
    });
  });
});

describe('reportFileSha256', () => {
  const key = `${CYCLE}:fund-7`;
  it('serves the latest draft until the report is published, then the published file with its stamp', () => {
    const draft = fold(fundWorkflowProjection, event(memoDraftedV1), event(evidencePackBuiltV1)).get(key)!;
    expect(reportFileSha256(draft, 'memo.html')).toBe(draft.memo?.htmlSha256);
    expect(reportFileSha256(draft, 'evidence-pack')).toBe(draft.evidencePack?.archiveSha256);
    const published = fold(fundWorkflowProjection, event(memoDraftedV1), event(reportPublishedV1)).get(key)!;
    expect(reportFileSha256(published, 'memo.pdf')).toBe(
      '5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e',
    );
    expect(
      reportFileSha256(fold(fundWorkflowProjection, event(fundApprovedV1)).get(key)!, 'memo.pdf'),
    ).toBeUndefined();
  });

  it('remembers a file whose content output retention deleted, so a download is refused as gone', () => {
    const published = fold(fundWorkflowProjection, event(memoDraftedV1), event(reportPublishedV1)).get(key)!;
    const sha256 = reportFileSha256(published, 'memo.pdf')!;
    const swept = fold(
      fundWorkflowProjection,
      event(memoDraftedV1),
      event(reportPublishedV1),
      event(reportOutputContentDeletedV1, { cycleId: CYCLE, sha256 }),
    ).get(key)!;
    expect(deletedContent(published, sha256)).toBeUndefined();
    expect(deletedContent(swept, sha256)).toMatchObject({ kind: 'memo_pdf', sha256 });
    expect(deletedContent(swept, reportFileSha256(swept, 'memo.html')!)).toBeUndefined();
    expect(swept.state).toBe('published');
  });
});

describe('the artefact and alert read models', () => {
  it('links an artefact version to the one superseding it', () => {
    const superseded = fold(
      artefactProjection,
      event(artefactIngestedV1, { artefactId: 'art-1', version: 1, supersedesArtefactId: undefined }),
      event(artefactSupersededV1, { artefactId: 'art-1' }),
    );
    expect(superseded.get('art-1')).toMatchObject({
      version: 1,
      supersededByArtefactId: 'art-5f0c6d0e-8a3b-5c1d-9e2f-0a1b2c3d4e5f',
    });
  });

  it('keeps an alert open until acknowledged, naming the service that raised it', () => {
    const raised = event(operatorAlertRaisedV1, {}, { source: 'fai/ingest' });
    expect(fold(operatorAlertProjection, raised).get('alert-7f3c2a')).toMatchObject({
      raisedBy: 'ingest',
      acknowledged: null,
      portfolioId: 'pf-001',
    });
    const acknowledged = fold(operatorAlertProjection, raised, event(operatorAlertAcknowledgedV1)).get(
      'alert-7f3c2a',
    );
    expect(acknowledged?.acknowledged).toMatchObject({ actor: 'user-42' });
    expect(operatorAlertProjection.columns(acknowledged!)).toMatchObject({
      open: false,
      severity: 'critical',
    });
  });
});

describe('the fund alert read model', () => {
  it('keeps the alert with its subject, evidence and materiality, indexed for the per-portfolio list', () => {
    const doc = fold(fundAlertProjection, event(alertRaisedV1)).get(
      'alert-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
    )!;
    expect(doc).toMatchObject({
      fundId: 'fund-lg-cash',
      subject: { kind: 'delta' },
      evidenceClaimIds: ['c0a8e1f2-0000-4000-8000-000000000001'],
      materiality: { policyId: 'materiality@1', total: '0.8500' },
    });
    expect(fundAlertProjection.columns(doc)).toMatchObject({
      portfolio_id: 'pf-001',
      materiality: '0.8500',
      severity: 'high',
    });
  });
});

describe('cycleDetail', () => {
  it('adds assignments, the inventory summary and the outputs registry (acceptance 32)', () => {
    const run = `${CYCLE}-run-1`;
    const cycle = fold(
      cycleProjection,
      event(cycleOpenedV1, {}, { portfolioId: 'pf-001' }),
      event(
        runStartedV1,
        { runId: run, runNumber: 1, replacesRunId: undefined, cause: { kind: 'clock' } },
        { actor: 'system:scheduler' },
      ),
      event(inventoryOpenedV1, { runId: run }),
    ).get(CYCLE)!;
    const workflows = [
      ...fold(
        fundWorkflowProjection,
        event(memoDraftedV1),
        event(fundSubmittedForReviewV1),
        event(fundApprovedV1),
      ).values(),
    ];
    expect(cycleDetail(cycle, workflows)).toMatchObject({
      assignments: { operator: 'system:scheduler', submitters: ['analyst-3'], approvers: ['reviewer-9'] },
      inventorySummary: { expected: 2, received: 0, missing: 0, awaited: 2 },
      outputs: [{ fundId: 'fund-7', state: 'approved', memoId: 'memo-2f0c7e1a9b3d4c5e', reportId: null }],
    });
  });
});
