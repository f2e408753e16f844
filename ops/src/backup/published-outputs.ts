import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  FaiError,
  reportOutputContentDeletedV1,
  reportPublishedV1,
  type ReportPublishedV1,
} from '@fai/contracts';
import { ident, type SqlExecutor } from '@fai/event-store';
import { renderMemo, verifyEvidencePack } from '@fai/reporting';

/*
 * The restore drill's proof that every published report survived: each file ReportPublished recorded
 * is in the restored output store with its sha256, each evidence pack verifies, and the final memo
 * rendered again from its stored memo input and approval stamp has the published bytes. A file whose
 * content output retention deleted (ReportOutputContentDeleted, and no output still keeps the bytes)
 * is reported as such, not as lost: what cannot be proven from it is skipped.
 */

export interface PublishedOutputsProof {
  reports: number;
  files: number;
  packsVerified: number;
  memosRerendered: number;
  /** Published files and memo inputs whose content output retention deleted, on record. */
  deletedByRetention: Array<{ reportId: string; file: string; sha256: string }>;
}

type MemoInput = Parameters<typeof renderMemo>[0];
type ApprovalStamp = NonNullable<Parameters<typeof renderMemo>[1]>;

export class PublishedOutputMismatchError extends FaiError {
  constructor(reportId: string, file: string, sha256: string, problem: string) {
    super({
      code: 'PUBLISHED_OUTPUT_MISMATCH',
      message: `report ${reportId}: its ${file} (${sha256}) ${problem}`,
      hint: 'The restored copy does not hold what was published: restore from another backup, and keep this one for investigation.',
      details: { reportId, file, sha256 },
    });
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads a file of the filesystem output store (`<dir>/<first two hex digits>/<sha256>`), checking its
 * hash; undefined when it is missing because retention deleted it.
 */
async function storedFile(
  outputDir: string,
  reportId: string,
  file: string,
  hash: string,
  deletedByRetention: ReadonlySet<string>,
): Promise<Buffer | undefined> {
  const bytes = await readFile(join(outputDir, hash.slice(0, 2), hash)).catch(() => undefined);
  if (!bytes && deletedByRetention.has(hash)) return undefined;
  if (!bytes)
    throw new PublishedOutputMismatchError(reportId, file, hash, 'is missing from the output store');
  if (sha256(bytes) !== hash)
    throw new PublishedOutputMismatchError(reportId, file, hash, 'does not hash to its recorded sha256');
  return bytes;
}

/** The content output retention deleted and no output still keeps: legitimately absent from the store. */
async function retentionDeletions(query: SqlExecutor['query'], schema: string): Promise<Set<string>> {
  const { rows } = await query<{ sha256: string }>(
    `SELECT DISTINCT e.data->>'sha256' AS sha256
       FROM ${ident(schema)}.events e
      WHERE e.event_type = $1
        AND NOT EXISTS (SELECT 1 FROM ${ident(schema)}.outputs o
                         WHERE o.sha256 = e.data->>'sha256' AND o.content_deleted_at IS NULL)`,
    [reportOutputContentDeletedV1.name],
  );
  return new Set(rows.map((row) => row.sha256));
}

export async function provePublishedOutputs(
  query: SqlExecutor['query'],
  schema: string,
  outputDir: string,
): Promise<PublishedOutputsProof> {
  const { rows } = await query<{ data: ReportPublishedV1; stamp: ApprovalStamp | null }>(
    `SELECT e.data, o.approval_stamp AS stamp
       FROM ${ident(schema)}.events e
       LEFT JOIN ${ident(schema)}.outputs o
         ON o.report_id = e.data->>'reportId' AND o.kind = 'memo_html'
      WHERE e.event_type = $1
      ORDER BY e.global_position`,
    [reportPublishedV1.name],
  );
  const proof: PublishedOutputsProof = {
    reports: rows.length,
    files: 0,
    packsVerified: 0,
    memosRerendered: 0,
    deletedByRetention: [],
  };
  const deleted = await retentionDeletions(query, schema);
  const stored = async (reportId: string, file: string, hash: string) => {
    const bytes = await storedFile(outputDir, reportId, file, hash, deleted);
    if (!bytes) proof.deletedByRetention.push({ reportId, file, sha256: hash });
    return bytes;
  };
  for (const { data: report, stamp } of rows) {
    const published = new Map<string, { sha256: string; bytes: Buffer }>();
    for (const file of report.files) {
      const bytes = await stored(report.reportId, file.kind, file.sha256);
      if (!bytes) continue;
      published.set(file.kind, { sha256: file.sha256, bytes });
      proof.files += 1;
    }
    const pack = published.get('evidence_pack');
    if (pack) {
      await verifyEvidencePack(pack.bytes).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new PublishedOutputMismatchError(
          report.reportId,
          'evidence_pack',
          pack.sha256,
          `fails: ${reason}`,
        );
      });
      proof.packsVerified += 1;
    }
    const memoKind = (['memo_html', 'memo_pdf'] as const).find((kind) => published.has(kind));
    if (!memoKind) continue;
    if (!stamp)
      throw new PublishedOutputMismatchError(
        report.reportId,
        memoKind,
        published.get(memoKind)!.sha256,
        'has no approval stamp in the restored output registry, so it cannot be rendered again',
      );
    const inputBytes = await stored(report.reportId, 'memo_input', report.snapshotId);
    if (!inputBytes) continue;
    const input = JSON.parse(inputBytes.toString('utf8')) as MemoInput;
    const rendered = await renderMemo(input, stamp);
    for (const [kind, bytes] of [
      ['memo_html', rendered.html],
      ['memo_pdf', rendered.pdf],
    ] as const) {
      const original = published.get(kind);
      if (original && !original.bytes.equals(bytes))
        throw new PublishedOutputMismatchError(
          report.reportId,
          kind,
          original.sha256,
          `differs from the memo rendered again from its memo input (sha256 ${sha256(bytes)})`,
        );
    }
    proof.memosRerendered += 1;
  }
  return proof;
}
