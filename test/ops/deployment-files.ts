import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FAI_SERVICES } from '@fai/testing';
import { parseAllDocuments } from 'yaml';

/*
 * Reading the deployment files as Helm and kustomize would, for the checks that run without either
 * binary: YAML with merge keys, Helm's value coalescing, and the `.Values.…` paths a template uses.
 */

export const ROOT = join(__dirname, '..', '..');
export const HELM = join(ROOT, 'helm');
export const K8S = join(ROOT, 'k8s');
export const SERVICES: string[] = [...FAI_SERVICES];
/** Every chart that runs a process: the services and the event-metrics exporter. */
export const CHARTS = [...SERVICES, 'event-metrics'];
export const ENVIRONMENTS = ['dev', 'staging', 'prod'];

export type Values = Record<string, unknown>;

export function isMap(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every document of a YAML file, merge keys (`<<: *anchor`) resolved as Helm and kubectl resolve them. */
export function readYamlDocuments(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      return document.toJS() as unknown;
    })
    .filter((document) => document !== null);
}

export function readYaml(file: string): Values {
  const [document] = readYamlDocuments(file);
  return isMap(document) ? document : {};
}

export function readJson(file: string): Values {
  return JSON.parse(readFileSync(file, 'utf8')) as Values;
}

/** Helm's coalescing: maps merge key by key, the override wins, anything else is replaced, null removes. */
export function coalesce(base: Values, override: Values): Values {
  const result: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete result[key];
    else if (isMap(value) && isMap(result[key])) result[key] = coalesce(result[key] as Values, value);
    else result[key] = value;
  }
  return result;
}

/** A service chart's values as Helm computes them: the library's exported defaults, then the chart's own. */
export function serviceChartValues(service: string): Values {
  const library = readYaml(join(HELM, 'fai-lib', 'values.yaml'));
  const defaults = (library.exports as Values).defaults as Values;
  return coalesce(defaults, readYaml(join(HELM, service, 'values.yaml')));
}

/** The umbrella chart's values for one environment (or its defaults). */
export function umbrellaValues(environment?: string): Values {
  const defaults = readYaml(join(HELM, 'fai', 'values.yaml'));
  return environment
    ? coalesce(defaults, readYaml(join(K8S, 'overlays', environment, 'values.yaml')))
    : defaults;
}

/** What one service's chart sees when installed through the umbrella: its section, plus the shared globals. */
export function subchartValues(service: string, umbrella: Values): Values {
  const section = isMap(umbrella[service]) ? (umbrella[service] as Values) : {};
  return coalesce(serviceChartValues(service), { ...section, global: umbrella.global as Values });
}

/** The `.Values.a.b` paths a template reads (also through `$.Values`). */
export function templateValuePaths(template: string): string[] {
  const paths = [...template.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) =>
    match[1].slice(1),
  );
  return [...new Set(paths)].sort();
}

/** True when `path` names a key that exists in `values` (a key holding a map may be read as a whole). */
export function hasValuePath(values: Values, path: string): boolean {
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (!isMap(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

const NOT_SOURCES = new Set(['node_modules', 'dist', '.git']);

/** The source files under a directory whose name ends with one of `suffixes`, relative to the repo root. */
export function filesUnder(dir: string, suffixes: string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((entry) => !NOT_SOURCES.has(entry))
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return filesUnder(path, suffixes).map((file) => join(ROOT, file));
      return suffixes.some((suffix) => entry.endsWith(suffix)) ? [path] : [];
    })
    .map((path) => relative(ROOT, path))
    .sort();
}
