import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ClaimView, GetFundReviewReply } from '@fai/contracts';
import { DOMParser } from '@xmldom/xmldom';
import xpath from 'xpath';
import { v5 as uuidv5 } from 'uuid';
import type { ClaimSetView } from '../src/memo/memo-input';

/*
 * Claims and a fund review read from real public documents, the way extraction and validation
 * would state them: the SEC N-PORT filing of Dupree's Kentucky Tax-Free Short-to-Medium Series
 * (public domain, kept in this repo) and, when the shared fixtures are present, real NAV histories.
 */

const NAMESPACE = '6f1d7c1e-1b9a-4e55-9a55-2f9f1f0c7a10';
const NPORT_FILE = join(__dirname, 'fixtures/dupree-kentucky-taxfree-short-to-medium_NPORT-P_2022-12-31.xml');
export const REAL_NAV_DIR = resolve(__dirname, '../../../../shared/fixtures/real/nav');
export const HDFC_EQUITY = 'hdfc-equity-fund-growth_daily_1995-01-02_to_2016-06-03.csv';
export const HDFC_LIQUID = 'hdfc-liquid-fund-growth_daily_2000-10-18_to_2016-06-05.csv';

export const FUND_ID = 'fund-dupree-ky-short-medium';
export const RUN = {
  portfolioId: 'pf-real',
  cycleId: 'pf-real-2022-12-scheduled',
  runId: 'pf-real-2022-12-scheduled-run-1',
};

export interface RealArtefact {
  artefactId: string;
  sha256: string;
  bytes: Buffer;
}

export interface RealFund {
  artefacts: RealArtefact[];
  claims: ClaimView[];
  claimSets: ClaimSetView[];
  review: GetFundReviewReply;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function claim(
  artefact: RealArtefact,
  extractor: ClaimView['extractor'],
  fields: Pick<ClaimView, 'metric' | 'value' | 'unit' | 'asOf'> & Partial<ClaimView>,
  locator: ClaimView['evidence']['locator'],
): ClaimView {
  return {
    claimId: uuidv5(
      `${artefact.sha256}|${fields.metric}|${fields.subject ?? ''}|${JSON.stringify(locator)}`,
      NAMESPACE,
    ),
    artefactId: artefact.artefactId,
    status: 'supported',
    fund: { name: 'Kentucky Tax-Free Short-to-Medium Series' },
    fundId: FUND_ID,
    evidence: { artefactSha256: artefact.sha256, artefactVersion: 1, locator },
    extractor,
    confidence: 1,
    ...fields,
  };
}

const NPORT_EXTRACTOR = { id: 'nport-xml', version: '1.0.0' };

/** The N-PORT's fund-level figures and every holding's weight, asset category and title. */
export function dupreeClaims(): { artefact: RealArtefact; claims: ClaimView[] } {
  const bytes = readFileSync(NPORT_FILE);
  const artefact = { artefactId: 'art-dupree-2022-12', sha256: sha256(bytes), bytes };
  const doc = new DOMParser().parseFromString(bytes.toString('utf8').trim(), 'text/xml');
  const select = xpath.useNamespaces({ n: 'http://www.sec.gov/edgar/nport' });
  const text = (path: string) => String(select(`string(${path})`, doc as unknown as Node));
  const asOf = text('//n:genInfo/n:repPdDate');
  const fundLevel = (metric: string, path: string, unit: string) =>
    claim(
      artefact,
      NPORT_EXTRACTOR,
      { metric, value: text(path).replace(/0+$/, '').replace(/\.$/, ''), unit, asOf },
      { kind: 'xpath', path: path.replace(/n:/g, '') },
    );
  const claims = [
    claim(
      artefact,
      NPORT_EXTRACTOR,
      { metric: 'fund.name', value: text('//n:genInfo/n:seriesName'), unit: 'text', asOf },
      { kind: 'xpath', path: '/edgarSubmission/formData/genInfo/seriesName' },
    ),
    fundLevel('fund.net_assets', '/n:edgarSubmission/n:formData/n:fundInfo/n:netAssets', 'USD'),
    fundLevel('fund.total_assets', '/n:edgarSubmission/n:formData/n:fundInfo/n:totAssets', 'USD'),
  ];
  const holdings = select('//n:invstOrSecs/n:invstOrSec', doc as unknown as Node) as Node[];
  holdings.forEach((holding, index) => {
    const base = `/edgarSubmission/formData/invstOrSecs/invstOrSec[${index + 1}]`;
    const of = (name: string) => String(select(`string(n:${name})`, holding));
    const subject = `holding-${index + 1}-${of('cusip')}`;
    claims.push(
      claim(
        artefact,
        NPORT_EXTRACTOR,
        { metric: 'holding.title', value: of('title'), unit: 'text', asOf, subject },
        { kind: 'xpath', path: `${base}/title` },
      ),
      claim(
        artefact,
        NPORT_EXTRACTOR,
        { metric: 'holding.pct_net_assets', value: of('pctVal'), unit: 'percent', asOf, subject },
        { kind: 'xpath', path: `${base}/pctVal` },
      ),
      claim(
        artefact,
        NPORT_EXTRACTOR,
        { metric: 'holding.asset_category', value: of('assetCat'), unit: 'code', asOf, subject },
        { kind: 'xpath', path: `${base}/assetCat` },
      ),
    );
  });
  return { artefact, claims };
}

/** A headerless `DD/MM/YYYY,NAV` history, newest first, as `nav.per_share` claims with csv locators. */
export function navHistoryClaims(
  file: string,
  fundId: string,
  shareClass: string,
  metric: 'nav.per_share' | 'benchmark.level' = 'nav.per_share',
): { artefact: RealArtefact; claims: ClaimView[] } {
  const bytes = readFileSync(join(REAL_NAV_DIR, file));
  const artefact = { artefactId: `art-${file.slice(0, 20)}`, sha256: sha256(bytes), bytes };
  const claims = bytes
    .toString('utf8')
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), row: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, row }) => {
      const [day, value] = line.split(',');
      const [dd, mm, yyyy] = day.split('/');
      return {
        ...claim(
          artefact,
          { id: 'nav-history', version: '1.0.0' },
          {
            metric,
            value: value.trim(),
            unit: metric === 'nav.per_share' ? 'INR' : 'points',
            asOf: `${yyyy}-${mm}-${dd}`,
            shareClass,
          },
          { kind: 'csv', row, column: 2 },
        ),
        fundId,
        fund: { name: file },
      };
    });
  return { artefact, claims };
}

export function realNavAvailable(): boolean {
  return existsSync(join(REAL_NAV_DIR, HDFC_EQUITY)) && existsSync(join(REAL_NAV_DIR, HDFC_LIQUID));
}

export function claimSetOf(artefact: RealArtefact, claims: readonly ClaimView[]): ClaimSetView {
  const own = claims.filter((c) => c.evidence.artefactSha256 === artefact.sha256);
  return {
    artefactId: artefact.artefactId,
    sha256: artefact.sha256,
    extractor: own[0].extractor,
    claimCount: own.length,
  };
}

/** The review validation would give for the Dupree fund: fields from the claims, one resolved and one open exception, one delta. */
export function dupreeReview(claims: readonly ClaimView[]): GetFundReviewReply {
  const byMetric = (metric: string) => claims.find((c) => c.metric === metric)!;
  const net = byMetric('fund.net_assets');
  const total = byMetric('fund.total_assets');
  const name = byMetric('fund.name');
  const field = (c: ClaimView) => ({
    key: c.metric,
    metric: c.metric,
    state: 'value' as const,
    value: c.value!,
    unit: c.unit,
    asOf: c.asOf,
    claimIds: [c.claimId],
    chosenClaimId: c.claimId,
    sourceCount: 1,
  });
  return {
    ...RUN,
    fundId: FUND_ID,
    asOf: '2022-12-31',
    baseline: false,
    priorSnapshot: { cycleId: 'pf-real-2022-11-scheduled', runId: 'pf-real-2022-11-scheduled-run-1' },
    policies: { ruleset: 'ruleset@1', materiality: 'materiality@1', sourcePolicy: 'source-policy@1' },
    completeness: { score: '0.7500', required: 4, present: 3, missing: ['costs.ongoing_charges'] },
    fields: [name, net, total].map(field),
    checks: [
      {
        checkId: 'check-holdings-sum',
        rule: 'holdings_sum_to_net_assets',
        status: 'flagged',
        message: 'Holdings sum to 98.8 % of net assets',
        evidenceClaimIds: [net.claimId],
        measures: { sum: '98.8', expected: '100' },
      },
    ],
    deltas: [
      {
        deltaId: 'delta-net-assets',
        fieldKey: 'fund.net_assets',
        metric: 'fund.net_assets',
        change: 'decrease',
        category: 'assets_and_performance',
        before: { value: '45100000', unit: 'USD', asOf: '2022-11-30' },
        after: { value: net.value!, unit: 'USD', asOf: '2022-12-31' },
        magnitude: { absolute: '-3750073.99', relativePercent: '-8.3150' },
        evidenceClaimIds: [net.claimId],
        materiality: {
          policyId: 'materiality@1',
          total: '0.6200',
          severity: 'medium',
          breakdown: { severity: '0.5000', magnitude: '0.8000', confidence: '1.0000', persistence: '0.0000' },
          thresholdCrossed: true,
          magnitudeRule: 'relative_change',
        },
      },
    ],
    exceptions: [
      {
        exceptionId: 'exc-net-assets-drop',
        kind: 'material_change',
        severity: 'medium',
        blocking: true,
        status: 'resolved',
        materialityScore: '0.6200',
        summary: 'Net assets fell 8.3 % in the month',
        fieldKey: 'fund.net_assets',
        claimIds: [net.claimId],
        decisions: [
          {
            action: 'accept',
            actor: 'reviewer-3',
            rationale: 'Redemptions stated in the filing explain the fall.',
            at: '2023-01-20T10:00:00.000Z',
            chosenValue: net.value!,
            chosenUnit: 'USD',
            chosenSource: { kind: 'claim', claimId: net.claimId },
          },
        ],
      },
      {
        exceptionId: 'exc-ongoing-charges-missing',
        kind: 'missing_field',
        severity: 'low',
        blocking: false,
        status: 'open',
        materialityScore: '0.2000',
        summary: 'No ongoing charges figure among the run’s artefacts',
        fieldKey: 'costs.ongoing_charges',
        claimIds: [],
        assignee: 'analyst-7',
        decisions: [
          { action: 'assign', actor: 'lead-1', assignee: 'analyst-7', at: '2023-01-19T09:00:00.000Z' },
          {
            action: 'follow_up',
            actor: 'analyst-7',
            rationale: 'Ask Dupree for the prospectus fee table <by 2023-02-15>',
            at: '2023-01-19T09:30:00.000Z',
          },
        ],
      },
    ],
    alerts: [{ alertId: 'alert-net-assets', summary: 'Net assets fell 8.3 % in the month', score: '0.6200' }],
  };
}

/** The whole real fund: the N-PORT claims, its review, one claim set. */
export function realFund(): RealFund {
  const { artefact, claims } = dupreeClaims();
  return {
    artefacts: [artefact],
    claims,
    claimSets: [claimSetOf(artefact, claims)],
    review: dupreeReview(claims),
  };
}
