import type { ClaimView } from '@fai/contracts';
import type { MemoFigure } from '../memo/memo-figures';
import { compare, type MemoInput } from '../memo/memo-input';
import type { ApprovalStamp } from '../memo/memo-view';

/*
 * The manifest of an evidence pack: every figure of the memo → its claims → artefact sha256,
 * version and location → extractor version; the pinned versions; every exception decision; the
 * approvals (final packs). It is the pack's table of contents too: every other file is listed with
 * its hash, and the manifest's own hash is stored beside it (and in the output registry).
 */

export const EVIDENCE_PACK_FORMAT = 'fai.evidence-pack@1';
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_HASH_FILE = 'manifest.sha256';
export const MEMO_HTML_FILE = 'memo.html';
export const MEMO_PDF_FILE = 'memo.pdf';
export const MEMO_INPUT_FILE = 'memo-input.json';

export function artefactPath(sha256: string): string {
  return `artefacts/${sha256}`;
}

export interface PackFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ManifestClaim {
  claimId: string;
  metric: string;
  shareClass?: string;
  subject?: string;
  value: string | null;
  unit: string;
  asOf: string;
  artefactId: string;
  artefactSha256: string;
  artefactVersion: number;
  locator: ClaimView['evidence']['locator'];
  extractor: ClaimView['extractor'];
}

export interface ManifestDecision {
  exceptionId: string;
  kind: string;
  severity: string;
  status: string;
  action: string;
  actor: string;
  rationale?: string;
  at: string;
  chosenValue?: string;
  chosenSource?: Record<string, unknown>;
}

export interface EvidenceManifest {
  format: typeof EVIDENCE_PACK_FORMAT;
  packId: string;
  memoId: string;
  kind: 'draft' | 'final';
  portfolioId: string;
  cycleId: string;
  runId: string;
  fundId: string;
  asOf: string;
  /** The memo input's sha256: the snapshot the memo was rendered from. */
  snapshotId: string;
  versions: {
    template: string;
    templateSha256: string;
    ruleset: string;
    materiality: string;
    sourcePolicy: string;
    kpiConfig: string;
  };
  files: PackFile[];
  artefacts: Array<{ sha256: string; artefactIds: string[]; versions: number[]; path: string }>;
  claims: ManifestClaim[];
  figures: MemoFigure[];
  evidenceCoverage: string;
  decisions: ManifestDecision[];
  approvals: ApprovalStamp[];
}

export interface ManifestSources {
  packId: string;
  memoId: string;
  snapshotId: string;
  input: MemoInput;
  figures: MemoFigure[];
  evidenceCoverage: string;
  templateSha256: string;
  files: PackFile[];
  approval: ApprovalStamp | null;
}

export function buildManifest(sources: ManifestSources): EvidenceManifest {
  const { input } = sources;
  const { review } = input;
  return {
    format: EVIDENCE_PACK_FORMAT,
    packId: sources.packId,
    memoId: sources.memoId,
    kind: sources.approval ? 'final' : 'draft',
    portfolioId: review.portfolioId,
    cycleId: review.cycleId,
    runId: review.runId,
    fundId: review.fundId,
    asOf: review.asOf,
    snapshotId: sources.snapshotId,
    versions: {
      template: input.templateVersion,
      templateSha256: sources.templateSha256,
      ruleset: review.policies.ruleset,
      materiality: review.policies.materiality,
      sourcePolicy: review.policies.sourcePolicy,
      kpiConfig: input.kpiConfigId,
    },
    files: [...sources.files].sort((a, b) => compare(a.path, b.path)),
    artefacts: packedArtefacts(input.claims),
    claims: input.claims.map(manifestClaim),
    figures: sources.figures,
    evidenceCoverage: sources.evidenceCoverage,
    decisions: review.exceptions.flatMap((exception) =>
      exception.decisions.map((decision) => ({
        exceptionId: exception.exceptionId,
        kind: exception.kind,
        severity: exception.severity,
        status: exception.status,
        ...decision,
      })),
    ),
    approvals: sources.approval ? [sources.approval] : [],
  };
}

/** The artefacts the claims cite, each packed once under its content hash. */
export function packedArtefacts(claims: readonly ClaimView[]): EvidenceManifest['artefacts'] {
  const bySha = new Map<string, { ids: Set<string>; versions: Set<number> }>();
  for (const claim of claims) {
    const entry = bySha.get(claim.evidence.artefactSha256) ?? { ids: new Set(), versions: new Set() };
    entry.ids.add(claim.artefactId);
    entry.versions.add(claim.evidence.artefactVersion);
    bySha.set(claim.evidence.artefactSha256, entry);
  }
  return [...bySha]
    .sort(([a], [b]) => compare(a, b))
    .map(([sha256, entry]) => ({
      sha256,
      artefactIds: [...entry.ids].sort(compare),
      versions: [...entry.versions].sort((a, b) => a - b),
      path: artefactPath(sha256),
    }));
}

function manifestClaim(claim: ClaimView): ManifestClaim {
  return {
    claimId: claim.claimId,
    metric: claim.metric,
    ...(claim.shareClass !== undefined ? { shareClass: claim.shareClass } : {}),
    ...(claim.subject !== undefined ? { subject: claim.subject } : {}),
    value: claim.value,
    unit: claim.unit,
    asOf: claim.asOf,
    artefactId: claim.artefactId,
    artefactSha256: claim.evidence.artefactSha256,
    artefactVersion: claim.evidence.artefactVersion,
    locator: claim.evidence.locator,
    extractor: claim.extractor,
  };
}
