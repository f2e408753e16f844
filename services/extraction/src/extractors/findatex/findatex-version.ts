import { layoutError, type FindatexTable } from './findatex-table.reader';
import type { FindatexTemplate } from './findatex-template';

/** Refuses a file whose header lacks a field the template cannot do without (e.g. a CSV with the wrong header). */
export function requireFields(table: FindatexTable, template: FindatexTemplate, extractorId: string): void {
  const missing = template.required.filter((code) => !table.fieldCodes.includes(code));
  if (missing.length === 0) return;
  throw layoutError(
    extractorId,
    `The header lacks required ${template.name} ${template.version} field(s) ${missing.join(', ')}.`,
    {
      missing,
      header: table.fieldCodes.slice(0, 30),
    },
  );
}
