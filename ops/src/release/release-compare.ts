import { checkSchemaCompatibility } from '@fai/contracts';
import { createTwoFilesPatch } from 'diff';
import { parse } from 'yaml';

/*
 * What changed since the previous release, judged the way the platform promises: published event and
 * command schemas change only compatibly (otherwise a new version), API operations are never removed
 * from a published version, and a released versioned document (policy, template, KPI configuration:
 * `<name>@<n>`) never changes — a change is a new version, listed with its diff against the version
 * it follows and the rationale the CHANGELOG gives for it.
 */

/** Files of one side of the comparison: repo-relative path → content. */
export type Tree = ReadonlyMap<string, string>;

export type Verdict = 'fail' | 'review' | 'ok';

export interface Finding {
  area: 'contract' | 'api' | 'versioned';
  subject: string;
  verdict: Verdict;
  message: string;
  /** A unified diff for a reviewer, when the change is a document. */
  diff?: string;
}

export const CONTRACT_SCHEMAS_DIR = 'libs/contracts/schemas/';
export const OPENAPI_FILE = 'services/gateway/openapi.json';
export const VERSIONED_DIRS = [
  'services/validation/policies/',
  'services/reporting/templates/',
  'services/reporting/kpi-config/',
];
export const RELEASE_PATHS = [CONTRACT_SCHEMAS_DIR, OPENAPI_FILE, ...VERSIONED_DIRS];

export interface ReleaseInputs {
  previous: Tree;
  current: Tree;
  /** The CHANGELOG section of the release being checked (its Unreleased section). */
  changelog: string;
}

export function compareReleases(inputs: ReleaseInputs): Finding[] {
  return [
    ...compareContracts(inputs.previous, inputs.current),
    ...compareOpenApi(inputs.previous, inputs.current),
    ...compareVersioned(inputs),
  ];
}

/** The `## [Unreleased]` section of a Keep a Changelog file, without its heading. */
export function unreleasedSection(changelog: string): string {
  const match = /^## \[Unreleased\][^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(changelog);
  return match ? match[1] : '';
}

function under(tree: Tree, prefix: string): Map<string, string> {
  return new Map([...tree].filter(([path]) => path.startsWith(prefix)));
}

function compareContracts(previous: Tree, current: Tree): Finding[] {
  const before = under(previous, CONTRACT_SCHEMAS_DIR);
  const after = under(current, CONTRACT_SCHEMAS_DIR);
  const findings: Finding[] = [];
  for (const [path, text] of before) {
    const subject = contractType(path);
    const next = after.get(path);
    if (next === undefined) {
      findings.push({
        area: 'contract',
        subject,
        verdict: 'fail',
        message:
          'removed: subscribers and callers of the released version lose it; keep it and add a new version beside it',
      });
    } else if (next !== text) {
      findings.push(
        schemaChange(
          subject,
          JSON.parse(text) as Record<string, unknown>,
          JSON.parse(next) as Record<string, unknown>,
        ),
      );
    }
  }
  for (const path of after.keys()) {
    if (!before.has(path))
      findings.push({ area: 'contract', subject: contractType(path), verdict: 'ok', message: 'added' });
  }
  return findings;
}

function contractType(path: string): string {
  return path.slice(CONTRACT_SCHEMAS_DIR.length).replace(/\.json$/, '');
}

function schemaChange(
  subject: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Finding {
  const parts = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const breaks = parts.flatMap((part) =>
    checkSchemaCompatibility(before[part] ?? {}, after[part] ?? {}).breaks.map(
      (found) => `${part} ${found.path}: ${found.message}`,
    ),
  );
  return breaks.length > 0
    ? {
        area: 'contract',
        subject,
        verdict: 'fail',
        message: `changed incompatibly without a new version: ${breaks.join('; ')}`,
      }
    : { area: 'contract', subject, verdict: 'ok', message: 'changed compatibly' };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function operations(text: string | undefined): Set<string> {
  if (text === undefined) return new Set();
  const paths = (JSON.parse(text) as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return new Set(
    Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => HTTP_METHODS.includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    ),
  );
}

function compareOpenApi(previous: Tree, current: Tree): Finding[] {
  const before = operations(previous.get(OPENAPI_FILE));
  const after = operations(current.get(OPENAPI_FILE));
  return [
    ...[...before]
      .filter((operation) => !after.has(operation))
      .map((subject): Finding => ({
        area: 'api',
        subject,
        verdict: 'fail',
        message: 'removed from a published API version; keep it, or publish a new API version beside it',
      })),
    ...[...after]
      .filter((operation) => !before.has(operation))
      .map((subject): Finding => ({ area: 'api', subject, verdict: 'ok', message: 'added' })),
  ];
}

interface VersionedUnit {
  /** e.g. `materiality@2`, `memo@1`. */
  id: string;
  name: string;
  version: number;
  /** Path of the unit's file or folder. */
  root: string;
  /** Path inside the unit ('' for a one-file unit) → content. */
  files: Map<string, string>;
}

const VERSION_SEGMENT = /^([a-z0-9][a-z0-9-]*)@([1-9][0-9]*)(\.[a-z]+)?$/;

/** Groups the files under the versioned folders by the `<name>@<n>` segment of their path; others stand alone. */
function versionedUnits(tree: Tree): { units: Map<string, VersionedUnit>; loose: Map<string, string> } {
  const units = new Map<string, VersionedUnit>();
  const loose = new Map<string, string>();
  for (const dir of VERSIONED_DIRS) {
    for (const [path, content] of under(tree, dir)) {
      const segments = path.slice(dir.length).split('/');
      const index = segments.findIndex((segment) => VERSION_SEGMENT.test(segment));
      if (index < 0) {
        loose.set(path, content);
        continue;
      }
      const [, name, version] = VERSION_SEGMENT.exec(segments[index])!;
      const root = dir + segments.slice(0, index + 1).join('/');
      const unit = units.get(root) ?? {
        id: `${name}@${version}`,
        name,
        version: Number(version),
        root,
        files: new Map(),
      };
      unit.files.set(segments.slice(index + 1).join('/'), content);
      units.set(root, unit);
    }
  }
  return { units, loose };
}

function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, content]) => b.get(path) === content);
}

function unitDiff(from: VersionedUnit | undefined, to: VersionedUnit): string {
  const paths = [...new Set([...(from?.files.keys() ?? []), ...to.files.keys()])].sort();
  return paths
    .map((path) => {
      const name = (unit: VersionedUnit | undefined) =>
        unit ? [unit.root, path].filter(Boolean).join('/') : '/dev/null';
      return createTwoFilesPatch(
        name(from),
        name(to),
        from?.files.get(path) ?? '',
        to.files.get(path) ?? '',
        undefined,
        undefined,
        { context: 3 },
      );
    })
    .join('');
}

/** A YAML or JSON document's own account of itself (policies carry one). */
function description(unit: VersionedUnit): string | undefined {
  const [only] = unit.files.values();
  if (unit.files.size !== 1 || !/\.(ya?ml|json)$/.test(unit.root)) return undefined;
  const parsed = parse(only) as { description?: unknown } | null;
  return typeof parsed?.description === 'string' ? parsed.description.trim() : undefined;
}

function compareVersioned({ previous, current, changelog }: ReleaseInputs): Finding[] {
  const before = versionedUnits(previous);
  const after = versionedUnits(current);
  const findings: Finding[] = [];
  for (const [root, released] of before.units) {
    const now = after.units.get(root);
    if (now === undefined || !sameFiles(released.files, now.files)) {
      findings.push({
        area: 'versioned',
        subject: released.id,
        verdict: 'fail',
        message: `${now ? 'changed' : 'removed'} after release: past cycles pin it; restore it and add ${released.name}@${released.version + 1}`,
        diff: now ? unitDiff(released, now) : undefined,
      });
    }
  }
  for (const [root, added] of after.units) {
    if (before.units.has(root)) continue;
    const follows = [...before.units.values()]
      .filter((unit) => unit.name === added.name && unit.version < added.version)
      .sort((a, b) => b.version - a.version)[0];
    const mentioned = new RegExp(
      `(^|[^a-z0-9-])${added.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])`,
    ).test(changelog);
    const rationale = description(added);
    findings.push({
      area: 'versioned',
      subject: added.id,
      verdict: mentioned ? 'review' : 'fail',
      message: [
        follows ? `new version after ${follows.id}` : 'new document',
        mentioned
          ? 'rationale in CHANGELOG'
          : `the CHANGELOG's Unreleased section must name ${added.id} and say why`,
        rationale ? `description: ${rationale}` : undefined,
      ]
        .filter(Boolean)
        .join('; '),
      diff: unitDiff(follows, added),
    });
  }
  for (const [path, content] of after.loose) {
    const was = before.loose.get(path);
    if (was !== content) {
      findings.push({
        area: 'versioned',
        subject: path,
        verdict: 'review',
        message:
          was === undefined
            ? 'added (not a versioned document)'
            : 'changed (not a versioned document): review the diff',
        diff: createTwoFilesPatch(was === undefined ? '/dev/null' : path, path, was ?? '', content),
      });
    }
  }
  return findings;
}
