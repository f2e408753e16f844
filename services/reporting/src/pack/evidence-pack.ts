import { createHash } from 'node:crypto';
import yazl from 'yazl';
import type { RenderedMemo } from '../memo/memo-renderer';
import { canonicalJson, memoInputBytes, type MemoInput } from '../memo/memo-input';
import type { ApprovalStamp } from '../memo/memo-view';
import {
  artefactPath,
  buildManifest,
  MANIFEST_FILE,
  MANIFEST_HASH_FILE,
  MEMO_HTML_FILE,
  MEMO_INPUT_FILE,
  MEMO_PDF_FILE,
  packedArtefacts,
  type EvidenceManifest,
  type PackFile,
} from './evidence-manifest';

export interface EvidencePackSources {
  packId: string;
  memoId: string;
  input: MemoInput;
  rendered: RenderedMemo;
  approval: ApprovalStamp | null;
  /** The bytes of each artefact the memo's claims cite, by sha256. */
  artefact(sha256: string): Promise<Buffer>;
}

export interface EvidencePack {
  archive: Buffer;
  archiveSha256: string;
  manifest: EvidenceManifest;
  manifestSha256: string;
  snapshotId: string;
}

// Local-time fields, read back by yazl's local getters: the DOS timestamp is the same in every time zone.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Builds the pack: one zip, entries in a fixed order with a fixed timestamp, so equal sources give equal bytes. */
export async function buildEvidencePack(sources: EvidencePackSources): Promise<EvidencePack> {
  const inputBytes = memoInputBytes(sources.input);
  const snapshotId = sha256Hex(inputBytes);
  const entries = new Map<string, Buffer>([
    [MEMO_HTML_FILE, sources.rendered.html],
    [MEMO_PDF_FILE, sources.rendered.pdf],
    [MEMO_INPUT_FILE, inputBytes],
  ]);
  for (const artefact of packedArtefacts(sources.input.claims)) {
    const bytes = await sources.artefact(artefact.sha256);
    entries.set(artefactPath(artefact.sha256), bytes);
  }
  const files: PackFile[] = [...entries].map(([path, bytes]) => ({
    path,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
  }));
  const manifest = buildManifest({
    packId: sources.packId,
    memoId: sources.memoId,
    snapshotId,
    input: sources.input,
    figures: sources.rendered.figures,
    evidenceCoverage: sources.rendered.evidenceCoverage,
    templateSha256: sources.rendered.templateSha256,
    files,
    approval: sources.approval,
  });
  const manifestBytes = Buffer.from(canonicalJson(manifest), 'utf8');
  const manifestSha256 = sha256Hex(manifestBytes);
  const archive = await zipFiles([
    [MANIFEST_FILE, manifestBytes],
    [MANIFEST_HASH_FILE, Buffer.from(`${manifestSha256}\n`, 'utf8')],
    ...[...entries].sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  return { archive, archiveSha256: sha256Hex(archive), manifest, manifestSha256, snapshotId };
}

/** A zip of `entries` in the given order, each with the fixed timestamp. */
export function zipFiles(entries: ReadonlyArray<[string, Buffer]>): Promise<Buffer> {
  const file = new yazl.ZipFile();
  for (const [path, bytes] of entries)
    file.addBuffer(bytes, path, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compress: true,
      forceDosTimestamp: true,
    });
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}
