import type { ClaimView, GetClaimsReply, GetFundReviewReply } from '@fai/contracts';
import stringify from 'safe-stable-stringify';
import { canonicalDigest } from '../kpi/canonical-digest';
import type { LoadedKpiConfig } from '../kpi/kpi-config';
import { computeKpiSnapshot, type KpiBenchmarkInput } from '../kpi/kpi-engine';
import type { KpiSnapshot } from '../kpi/kpi-snapshot';

/*
 * The memo input: everything a memo and its evidence pack show, in one document. It is stored
 * content-addressed (its canonical JSON's sha256 is the memo's snapshot id), so a memo can be
 * rendered again, years later, from this document and the pinned template alone.
 */

export const MEMO_INPUT_FORMAT = 'fai.memo-input@1';

/** The metrics whose claims the memo charts besides those its fields, deltas and exceptions cite. */
export const NAV_METRIC = 'nav.per_share';
export const HOLDING_WEIGHT_METRIC = 'holding.pct_net_assets';
export const HOLDING_CATEGORY_METRIC = 'holding.asset_category';
export const HOLDING_NAME_METRICS = ['holding.title', 'holding.issuer_name'] as const;
export const BENCHMARK_LEVEL_METRIC = 'benchmark.level';
const BENCHMARK_NAME_METRIC = 'benchmark.name';
const FUND_NAME_METRIC = 'fund.name';
/** The benchmark's id when the fund's documents state its levels but none names it. */
export const UNNAMED_BENCHMARK = 'benchmark stated with the NAV history';

export type ClaimSetView = GetClaimsReply['claimSets'][number];
export type FundReview = GetFundReviewReply;

export interface MemoInput {
  format: typeof MEMO_INPUT_FORMAT;
  templateVersion: string;
  kpiConfigId: string;
  review: FundReview;
  fundName: string | null;
  /** The artefacts the memo's claims come from, by content hash. */
  sources: ClaimSetView[];
  /** Every claim the memo cites or charts, ordered by claim id. */
  claims: ClaimView[];
  /** The NAV share class charted and measured: the one with the longest history. */
  navShareClass: string | null;
  benchmark: { id: string; kind: KpiBenchmarkInput['kind']; claimIds: string[] } | null;
  kpi: KpiSnapshot | null;
}

export interface MemoInputSources {
  review: FundReview;
  /** The run's claims (every fund's: those of other funds are left out here). */
  claims: readonly ClaimView[];
  claimSets: readonly ClaimSetView[];
  templateVersion: string;
  kpiConfig: LoadedKpiConfig;
}

/** Builds the memo input of one fund of one run. Pure: the same sources give the same document. */
export function buildMemoInput(sources: MemoInputSources): MemoInput {
  const { review } = sources;
  const fundClaims = sources.claims.filter((claim) => claim.fundId === review.fundId);
  const cited = citedClaimIds(review);
  const navShareClass = longestNavHistory(fundClaims);
  const charted = (claim: ClaimView) =>
    (claim.metric === NAV_METRIC && (claim.shareClass ?? null) === navShareClass) ||
    claim.metric === HOLDING_WEIGHT_METRIC ||
    claim.metric === HOLDING_CATEGORY_METRIC ||
    (HOLDING_NAME_METRICS as readonly string[]).includes(claim.metric) ||
    claim.metric === FUND_NAME_METRIC ||
    claim.metric === BENCHMARK_NAME_METRIC;
  const stated = statedBenchmark(fundClaims, navShareClass);
  const benchmarkClaims = stated?.claims ?? [];
  const claims = uniqueById([
    ...fundClaims.filter((claim) => cited.has(claim.claimId) || charted(claim)),
    ...benchmarkClaims,
  ]);
  const artefacts = new Set(claims.map((claim) => claim.evidence.artefactSha256));
  const nav = navPoints(
    claims.filter((claim) => claim.metric === NAV_METRIC && claim.fundId === review.fundId),
  );
  const benchmark = stated && { id: stated.id, kind: stated.kind, points: navPoints(benchmarkClaims) };
  return {
    format: MEMO_INPUT_FORMAT,
    templateVersion: sources.templateVersion,
    kpiConfigId: sources.kpiConfig.config.configId,
    review,
    fundName: fundName(fundClaims),
    sources: sources.claimSets
      .filter((set) => artefacts.has(set.sha256))
      .sort((a, b) => compare(a.artefactId, b.artefactId)),
    claims,
    navShareClass,
    benchmark: stated
      ? {
          id: stated.id,
          kind: stated.kind,
          claimIds: benchmarkClaims.map((claim) => claim.claimId).sort(compare),
        }
      : null,
    kpi:
      nav.length === 0
        ? null
        : computeKpiSnapshot({
            fundId: review.fundId,
            asOf: review.asOf,
            nav,
            benchmark: benchmark && { id: benchmark.id, kind: benchmark.kind, series: benchmark.points },
            config: sources.kpiConfig,
          }),
  };
}

/** The memo input's address: the sha256 of its canonical JSON. */
export function memoInputSha256(input: MemoInput): string {
  return canonicalDigest(input);
}

/** Canonical bytes of the memo input, as stored and as packed. */
export function memoInputBytes(input: MemoInput): Buffer {
  return Buffer.from(canonicalJson(input), 'utf8');
}

/** Keys sorted, no whitespace: equal content, equal bytes. */
export function canonicalJson(value: unknown): string {
  return stringify(value) ?? '';
}

/** NAV points by date, each date once (the engine refuses two values for one date, as it should). */
export function navPoints(
  claims: readonly ClaimView[],
): Array<{ date: string; value: string; claimId: string }> {
  const byDate = new Map<string, { date: string; value: string; claimId: string }>();
  for (const claim of [...claims].sort((a, b) => compare(a.claimId, b.claimId))) {
    if (claim.value === null || !claim.asOf || byDate.has(claim.asOf)) continue;
    byDate.set(claim.asOf, { date: claim.asOf, value: claim.value, claimId: claim.claimId });
  }
  return [...byDate.values()].sort((a, b) => compare(a.date, b.date));
}

function citedClaimIds(review: FundReview): Set<string> {
  return new Set([
    ...review.fields.flatMap((field) => field.claimIds),
    ...review.checks.flatMap((check) => check.evidenceClaimIds),
    ...review.deltas.flatMap((delta) => delta.evidenceClaimIds),
    ...review.exceptions.flatMap((exception) => exception.claimIds),
  ]);
}

function longestNavHistory(claims: readonly ClaimView[]): string | null {
  const counts = new Map<string | null, number>();
  for (const claim of claims)
    if (claim.metric === NAV_METRIC)
      counts.set(claim.shareClass ?? null, (counts.get(claim.shareClass ?? null) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || compare(a[0] ?? '', b[0] ?? ''));
  return ranked[0]?.[0] ?? null;
}

/**
 * The benchmark the fund's own documents state: one series of levels claimed beside a NAV (one
 * artefact's, of one share class: the charted share class's when it has any, else the longest),
 * named by the first benchmark name they claim. Stated, never chosen by us.
 */
function statedBenchmark(
  claims: readonly ClaimView[],
  navShareClass: string | null,
): { id: string; kind: KpiBenchmarkInput['kind']; claims: ClaimView[] } | undefined {
  const series = new Map<string, ClaimView[]>();
  for (const claim of claims.filter((c) => c.metric === BENCHMARK_LEVEL_METRIC)) {
    const key = JSON.stringify([claim.shareClass ?? null, claim.artefactId]);
    // Pushed, not spread: a daily series is some 900 claims.
    const levels = series.get(key);
    if (levels) levels.push(claim);
    else series.set(key, [claim]);
  }
  const ranked = [...series].sort(
    ([keyA, a], [keyB, b]) =>
      Number((b[0].shareClass ?? null) === navShareClass) -
        Number((a[0].shareClass ?? null) === navShareClass) ||
      b.length - a.length ||
      compare(keyA, keyB),
  );
  const chosen = ranked[0]?.[1];
  if (!chosen) return undefined;
  const named = claims
    .filter((claim) => claim.metric === BENCHMARK_NAME_METRIC && claim.value)
    .sort((a, b) => compare(a.claimId, b.claimId));
  return { id: named[0]?.value ?? UNNAMED_BENCHMARK, kind: 'stated', claims: chosen };
}

function fundName(claims: readonly ClaimView[]): string | null {
  const named = claims
    .filter((claim) => claim.metric === FUND_NAME_METRIC && claim.value)
    .sort((a, b) => compare(a.claimId, b.claimId));
  return named[0]?.value ?? claims.find((claim) => claim.fund.name)?.fund.name ?? null;
}

function uniqueById(claims: readonly ClaimView[]): ClaimView[] {
  return [...new Map(claims.map((claim) => [claim.claimId, claim])).values()].sort((a, b) =>
    compare(a.claimId, b.claimId),
  );
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
