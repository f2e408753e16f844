import { ident } from '@fai/event-store';

/* The backup and restore settings, from the environment (kept apart from the CLI so they load without reporting). */

const DEFAULT_SCHEMAS = 'scheduler ingest extraction validation reporting approval gateway';

export interface BackupSettings {
  pgUrl: string;
  schemas: string[];
  artefactDir?: string;
  outputDir?: string;
  reportingSchema: string;
}

export function backupSettingsFromEnv(env: NodeJS.ProcessEnv): BackupSettings {
  const schemas = (env.FAI_SCHEMAS || DEFAULT_SCHEMAS).split(/[\s,]+/).filter(Boolean);
  schemas.forEach(ident);
  const reportingSchema = env.FAI_REPORTING_SCHEMA || 'reporting';
  ident(reportingSchema);
  return {
    pgUrl: env.FAI_PG_URL || 'postgres://postgres@127.0.0.1:5432/test',
    schemas,
    artefactDir: env.FAI_ARTEFACT_DIR || undefined,
    outputDir: env.FAI_OUTPUT_DIR || undefined,
    reportingSchema,
  };
}
