import { FaiError } from '@fai/contracts';
import { openZipArchive, type ZipArchive } from '@fai/safe-archive';
import { evidenceCoverage, isResolvable } from '../memo/memo-figures';
import { sha256Hex } from './evidence-pack';
import {
  EVIDENCE_PACK_FORMAT,
  MANIFEST_FILE,
  MANIFEST_HASH_FILE,
  type EvidenceManifest,
} from './evidence-manifest';

/*
 * Re-checks an evidence pack offline, from its bytes alone: the manifest's hash, every listed
 * file's hash and size, nothing unlisted, every artefact stored under its own hash, every figure
 * resolvable to claims of packed artefacts, and the stated evidence coverage. Stops at the first
 * problem, which names what is wrong and where.
 */

export class PackInvalidError extends FaiError {
  constructor(problem: string, details: Record<string, unknown> = {}) {
    super({
      code: 'EVIDENCE_PACK_INVALID',
      message: `evidence pack invalid: ${problem}`,
      hint: 'Do not rely on this pack: fetch it again from the output store, or rebuild it from the stored memo input.',
      details,
    });
  }
}

export interface PackVerification {
  packId: string;
  manifestSha256: string;
  files: number;
  artefacts: number;
  figures: number;
  evidenceCoverage: string;
}

/** Verifies a pack; `expectedManifestSha256` (from the output registry or the event) pins the manifest too. */
export async function verifyEvidencePack(
  archive: Buffer,
  expectedManifestSha256?: string,
): Promise<PackVerification> {
  const zip = await openZipArchive(archive, {
    limitExceeded: (reason, entry) => new PackInvalidError(reason, { entry }),
    unreadable: (reason) => new PackInvalidError(`not a readable zip archive (${reason})`),
  });
  try {
    return await verifyOpened(zip, expectedManifestSha256);
  } finally {
    zip.close();
  }
}

async function verifyOpened(zip: ZipArchive, expectedManifestSha256?: string): Promise<PackVerification> {
  const manifestBytes = await zip.read(MANIFEST_FILE);
  const statedHash = (await zip.read(MANIFEST_HASH_FILE))?.toString('utf8').trim();
  if (!manifestBytes || !statedHash)
    throw new PackInvalidError(`${MANIFEST_FILE} or ${MANIFEST_HASH_FILE} is missing`);
  const manifestSha256 = sha256Hex(manifestBytes);
  if (manifestSha256 !== statedHash)
    throw new PackInvalidError('the manifest does not match its hash', {
      stated: statedHash,
      actual: manifestSha256,
    });
  if (expectedManifestSha256 && manifestSha256 !== expectedManifestSha256)
    throw new PackInvalidError('the manifest is not the one registered', {
      expected: expectedManifestSha256,
      actual: manifestSha256,
    });
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as EvidenceManifest;
  if (manifest.format !== EVIDENCE_PACK_FORMAT)
    throw new PackInvalidError(`unknown pack format ${String(manifest.format)}`);
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const name of zip.names)
    if (!listed.has(name) && name !== MANIFEST_FILE && name !== MANIFEST_HASH_FILE)
      throw new PackInvalidError(`${name} is in the archive but not in the manifest`, { path: name });
  for (const file of manifest.files) {
    const bytes = await zip.read(file.path);
    if (!bytes) throw new PackInvalidError(`${file.path} is listed but missing`, { path: file.path });
    const sha256 = sha256Hex(bytes);
    if (sha256 !== file.sha256 || bytes.length !== file.bytes)
      throw new PackInvalidError(`${file.path} does not match its hash`, {
        path: file.path,
        expected: file.sha256,
        actual: sha256,
      });
  }
  const hashOf = new Map(manifest.files.map((file) => [file.path, file.sha256]));
  for (const artefact of manifest.artefacts)
    if (hashOf.get(artefact.path) !== artefact.sha256)
      throw new PackInvalidError(`artefact ${artefact.sha256} is not packed under its hash`, {
        path: artefact.path,
      });
  const packed = new Set(manifest.artefacts.map((artefact) => artefact.sha256));
  const evidenced = new Set(
    manifest.claims
      .filter((claim) => packed.has(claim.artefactSha256) && claim.locator)
      .map((claim) => claim.claimId),
  );
  const unresolved = manifest.figures.find((figure) => !isResolvable(figure, evidenced));
  if (unresolved)
    throw new PackInvalidError(
      `figure ${unresolved.figureId} does not resolve to claims of packed artefacts`,
      {
        figureId: unresolved.figureId,
        claimIds: unresolved.claimIds,
      },
    );
  const coverage = evidenceCoverage(manifest.figures, evidenced);
  if (coverage !== manifest.evidenceCoverage)
    throw new PackInvalidError(
      `evidence coverage is ${coverage}, the manifest states ${manifest.evidenceCoverage}`,
    );
  return {
    packId: manifest.packId,
    manifestSha256,
    files: manifest.files.length,
    artefacts: manifest.artefacts.length,
    figures: manifest.figures.length,
    evidenceCoverage: coverage,
  };
}
