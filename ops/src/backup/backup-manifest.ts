/*
 * What a backup holds and what a restore must find again. Pure: the I/O is in backup-main.ts.
 */

import type { PublishedOutputsProof } from './published-outputs';

export const MANIFEST_FILE = 'manifest.json';
export const POSTGRES_DUMP_FILE = 'postgres.dump';
export const ARTEFACTS_FILE = 'artefacts.tar';
export const OUTPUTS_FILE = 'outputs.tar';

export interface SchemaCount {
  schema: string;
  /** Events in the schema's store when the dump was taken. */
  events: number;
}

export interface BackupManifest {
  createdAt: string;
  schemas: SchemaCount[];
  postgresDump: { file: string; sha256: string };
  /** Absent when the deployment keeps artefacts elsewhere (e.g. the NATS object store). */
  artefacts?: StoreCopy;
  /** Reporting's output store (memo inputs, memos, packs); absent like `artefacts`. */
  outputs?: StoreCopy;
}

/** A tar of a content-addressed filesystem store. */
export interface StoreCopy {
  file: string;
  sha256: string;
  count: number;
}

export interface RestoredStore {
  count: number;
  corrupt: string[];
}

export interface RestoredState {
  schemas: Array<SchemaCount & { chainsOk: boolean }>;
  artefacts?: RestoredStore;
  outputs?: RestoredStore;
  /** What the published-outputs proof checked (published-outputs.ts); a mismatch throws instead. */
  published?: PublishedOutputsProof;
}

export interface RestoreProblem {
  what: string;
  expected: string;
  found: string;
}

/** Everything the restored copy lacks or holds wrong, compared with what the backup recorded. */
export function restoreProblems(manifest: BackupManifest, restored: RestoredState): RestoreProblem[] {
  const problems: RestoreProblem[] = [];
  for (const expected of manifest.schemas) {
    const found = restored.schemas.find((schema) => schema.schema === expected.schema);
    if (!found) {
      problems.push({ what: `schema ${expected.schema}`, expected: 'restored', found: 'missing' });
      continue;
    }
    if (found.events !== expected.events) {
      problems.push({
        what: `events in ${expected.schema}`,
        expected: String(expected.events),
        found: String(found.events),
      });
    }
    if (!found.chainsOk) {
      problems.push({
        what: `hash chains of ${expected.schema}`,
        expected: 'verified',
        found: 'tampered or broken',
      });
    }
  }
  problems.push(...storeProblems('artefact', manifest.artefacts, restored.artefacts));
  problems.push(...storeProblems('output', manifest.outputs, restored.outputs));
  return problems;
}

function storeProblems(what: string, recorded?: StoreCopy, restored?: RestoredStore): RestoreProblem[] {
  if (!recorded) return [];
  const problems: RestoreProblem[] = [];
  const count = restored?.count ?? 0;
  if (count !== recorded.count) {
    problems.push({ what: `${what} files`, expected: String(recorded.count), found: String(count) });
  }
  for (const file of restored?.corrupt ?? []) {
    problems.push({
      what: `${what} ${file}`,
      expected: 'content hashing to its name',
      found: 'different content',
    });
  }
  return problems;
}

/** `<root>/<first two hex digits>/<sha256>`: the filesystem artefact store's content paths. */
export function isArtefactPath(relativePath: string): boolean {
  const match = /^([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(relativePath);
  return match !== null && match[2].startsWith(match[1]);
}
