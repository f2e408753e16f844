import 'reflect-metadata';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { REDACTED, isSecretKey, redactText } from '@fai/observability';
import type { BaseConfig } from './base-config';
import { ConfigError, type ConfigProblem } from './config-error';
import { devOnlyKeys } from './dev-only.decorator';

type Settings = Record<string, unknown>;

const NUMBER = /^-?\d+(\.\d+)?$/;

interface Conversion {
  /** The typed value, or undefined when `raw` is not a spelling of the type. */
  parse(raw: string): unknown;
  expected: string;
}

// Only exact spellings convert: 'yes' or '1' for a boolean and '12abc' for a number are errors.
const AS_STRING: Conversion = { parse: (raw) => raw, expected: 'must be a string' };
const CONVERSIONS = new Map<unknown, Conversion>([
  [Number, { parse: (raw) => (NUMBER.test(raw) ? Number(raw) : undefined), expected: 'must be a number' }],
  [
    Boolean,
    {
      parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
      expected: 'must be true or false',
    },
  ],
]);
const DEV_PG_PASSWORDS = ['', 'postgres'];

/**
 * Reads, converts and validates a service's settings from the environment, once at start-up.
 * Throws one ConfigError listing every bad setting; with FAI_ENV=prod it also refuses dev-only
 * settings and default credentials. Unset or empty variables keep the class default.
 */
export function loadConfig<T extends BaseConfig>(
  ConfigClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const config = new ConfigClass();
  const settings = config as unknown as Settings;
  const unconvertible: ConfigProblem[] = [];
  for (const key of settingKeys(ConfigClass)) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    const conversion = CONVERSIONS.get(Reflect.getMetadata('design:type', config, key)) ?? AS_STRING;
    const value = conversion.parse(raw);
    if (value === undefined) {
      unconvertible.push({ key, value: shownValue(key, raw), problem: conversion.expected });
    } else {
      settings[key] = value;
    }
  }
  const problems = withoutRepeatedKeys([
    ...unconvertible,
    ...validateSync(config).map(validationProblem),
    ...(config.FAI_ENV === 'prod' ? prodRefusals(config) : []),
  ]);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function settingKeys(ConfigClass: new () => BaseConfig): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(ConfigClass, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

// The first problem found for a setting is the one to fix; later ones follow from it.
function withoutRepeatedKeys(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.filter((problem, index) => problems.findIndex(({ key }) => key === problem.key) === index);
}

function validationProblem(error: ValidationError): ConfigProblem {
  // class-validator starts each message with the property name, which the listing already shows.
  const expectations = Object.values(error.constraints ?? {})
    .map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    )
    .join('; ');
  return {
    key: error.property,
    value: shownValue(error.property, error.value),
    problem: error.value === undefined ? `is required and ${expectations}` : expectations,
  };
}

function prodRefusals(config: BaseConfig): ConfigProblem[] {
  const settings = config as unknown as Settings;
  const refusals: ConfigProblem[] = devOnlyKeys(config)
    .map(String)
    .filter((key) => Boolean(settings[key]))
    .map((key) => ({
      key,
      value: shownValue(key, settings[key]),
      problem: 'is a dev-only setting that prod refuses; unset it or set it to false',
    }));
  if (hasDevPgCredentials(config.FAI_PG_URL)) {
    refusals.push({
      key: 'FAI_PG_URL',
      value: shownValue('FAI_PG_URL', config.FAI_PG_URL),
      problem: 'prod refuses the default database credentials; use the service role with its own password',
    });
  }
  return refusals;
}

function hasDevPgCredentials(url: string): boolean {
  try {
    return DEV_PG_PASSWORDS.includes(decodeURIComponent(new URL(url).password));
  } catch {
    return false; // an unparseable URL is reported by validation
  }
}

function shownValue(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return isSecretKey(key) ? REDACTED : redactText(String(value));
}
