import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KpiConfigValidator, type LoadedKpiConfig } from './kpi-config';
import { KpiConfigUnknownError } from './kpi-errors';

/** The versioned configurations live beside the service's sources: `services/reporting/kpi-config`. */
export const KPI_CONFIG_DIR = resolve(__dirname, '../../kpi-config');

export const KPI_CONFIG_SCHEMA_FILE = 'kpi-config.schema.json';

/** Reads and validates `<configId>.json` (e.g. `kpi-config@1`) against the schema kept beside it. */
export function loadKpiConfig(configId: string, directory: string = KPI_CONFIG_DIR): LoadedKpiConfig {
  const file = join(directory, `${configId}.json`);
  if (!/^kpi-config@[1-9]\d*$/.test(configId) || !existsSync(file))
    throw new KpiConfigUnknownError(configId, knownConfigIds(directory));
  const validator = new KpiConfigValidator(readJson(join(directory, KPI_CONFIG_SCHEMA_FILE)) as object);
  return validator.accept(readJson(file), `${configId}.json`);
}

function knownConfigIds(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => /^kpi-config@\d+\.json$/.test(name))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
