import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnyContract, JsonSchema } from './define-event';
import { jsonEqual } from './json-equal';
import { checkSchemaCompatibility, type SchemaBreak } from './schema-compatibility';

/*
 * The published schemas, one JSON file per contract type under libs/contracts/schemas. A snapshot
 * is written once, when its version first appears, and from then on the code must keep to it.
 */

export const SCHEMAS_DIR = path.resolve(__dirname, '..', 'schemas');
export const ASYNCAPI_FILE = path.resolve(__dirname, '..', 'asyncapi.json');
export const SNAPSHOT_COMMAND = 'npx tsc -b libs/contracts && npm run contracts:snapshot -w @fai/contracts';

/** The schemas of one contract by part: `data` for an event, `request` and `reply` for a command. */
export type SchemaSnapshot = Readonly<Record<string, JsonSchema>>;

export type SnapshotFindingKind = 'missing' | 'orphaned' | 'compatible-change' | 'incompatible-change';

export interface SnapshotFinding {
  readonly type: string;
  readonly kind: SnapshotFindingKind;
  readonly message: string;
  readonly breaks: readonly SchemaBreak[];
}

export function snapshotOf(contract: AnyContract): SchemaSnapshot {
  const parts =
    contract.kind === 'event'
      ? { data: contract.schema }
      : { request: contract.requestSchema, reply: contract.replySchema };
  // Through JSON, so the snapshot compares equal to what is read back from its file.
  return JSON.parse(JSON.stringify(parts)) as SchemaSnapshot;
}

export function readSnapshots(dir = SCHEMAS_DIR): Map<string, unknown> {
  if (!existsSync(dir)) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [
        file.slice(0, -'.json'.length),
        JSON.parse(readFileSync(path.join(dir, file), 'utf8')),
      ]),
  );
}

/** Writes the snapshot of every contract that has none; never touches an existing one. Returns the types written. */
export function writeMissingSnapshots(contracts: readonly AnyContract[], dir = SCHEMAS_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const missing = contracts.filter((contract) => !existsSync(snapshotFile(contract.type, dir)));
  for (const contract of missing) writeJsonFile(snapshotFile(contract.type, dir), snapshotOf(contract));
  return missing.map((contract) => contract.type);
}

export function writeJsonFile(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Everything that differs between the registered contracts and the snapshots; empty when they agree. */
export function snapshotFindings(
  contracts: readonly AnyContract[],
  snapshots: ReadonlyMap<string, unknown>,
): SnapshotFinding[] {
  const registered = new Set(contracts.map((contract) => contract.type));
  const orphans = [...snapshots.keys()]
    .filter((type) => !registered.has(type))
    .map((type) =>
      finding(
        type,
        'orphaned',
        `${relativeFile(type)} has no registered contract. Published versions stay readable: register ${type} again ` +
          '(keep old versions for their upcasters) or, if it was never published, delete the snapshot.',
      ),
    );
  return [
    ...contracts.flatMap((contract) => contractFindings(contract, snapshots.get(contract.type))),
    ...orphans,
  ];
}

function contractFindings(contract: AnyContract, snapshot: unknown): SnapshotFinding[] {
  if (snapshot === undefined) {
    return [
      finding(
        contract.type,
        'missing',
        `${contract.type} has no schema snapshot: run \`${SNAPSHOT_COMMAND}\` and commit ${relativeFile(contract.type)}.`,
      ),
    ];
  }
  const current = snapshotOf(contract);
  if (jsonEqual(current, snapshot)) return [];
  const breaks = snapshotBreaks(snapshot as SchemaSnapshot, current);
  return breaks.length === 0
    ? [
        finding(
          contract.type,
          'compatible-change',
          `${contract.type} differs from ${relativeFile(contract.type)} in a backward-compatible way: refresh the ` +
            `snapshot (delete it, run \`${SNAPSHOT_COMMAND}\`) and commit it.`,
        ),
      ]
    : [
        finding(
          contract.type,
          'incompatible-change',
          `${contract.type} changed incompatibly since ${relativeFile(contract.type)}: ` +
            `${breaks.map((b) => `${b.rule} at ${b.path} (${b.message})`).join('; ')}. Restore version ` +
            `${contract.version} and define version ${contract.version + 1} of ${contract.name} with an upcaster instead.`,
          breaks,
        ),
      ];
}

function snapshotBreaks(previous: SchemaSnapshot, current: SchemaSnapshot): SchemaBreak[] {
  const parts = new Set([...Object.keys(previous), ...Object.keys(current)]);
  return [...parts].flatMap((part) =>
    part in previous && part in current
      ? checkSchemaCompatibility(previous[part], current[part]).breaks.map((b) => ({
          ...b,
          path: `${part}:${b.path}`,
        }))
      : [
          {
            rule: 'unverifiable-change' as const,
            path: part,
            message: `the ${part} schema was added or removed`,
          },
        ],
  );
}

function finding(
  type: string,
  kind: SnapshotFindingKind,
  message: string,
  breaks: readonly SchemaBreak[] = [],
): SnapshotFinding {
  return { type, kind, message, breaks };
}

function snapshotFile(type: string, dir: string): string {
  return path.join(dir, `${type}.json`);
}

function relativeFile(type: string): string {
  return `libs/contracts/schemas/${type}.json`;
}
