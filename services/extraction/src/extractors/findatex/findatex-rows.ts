import type { ExtractionResult } from '../../claims/claim';
import { ExtractionFailedError } from '../../claims/extraction-errors';
import { FieldClaims, statedValue, type ArtefactRef, type Warning } from './findatex-claims';
import { readFindatexTable, type FindatexTable } from './findatex-table.reader';
import type { FindatexTemplate, FindatexValueType } from './findatex-template';
import { requireFields } from './findatex-version';

/** A template whose rows are share classes (EPT, EMT): how to tell its version, identity and date. */
export interface ShareClassRowTemplate {
  extractor: { id: string; version: string };
  documentType: string;
  templates: readonly FindatexTemplate[];
  /** Field that states the template version, and how a stated version maps to a supported field list. */
  versionField: string;
  versionOf: (stated: string) => string | undefined;
  identity: { id: string; idType: string; name: string };
  /** Fields giving a row's as-of date, first stated wins. */
  asOfFields: readonly string[];
}

export interface ShareClassExtractionResult extends ExtractionResult {
  template: { name: string; version: string };
  /** Share-class identifiers in file order. */
  shareClasses: string[];
}

// ISO 6166 is code 1 in every FinDatEx identifier-type list.
const ISIN_CODE_TYPE = '1';

/** One claim per mapped field per row; a row is one share class, identified by its ISIN (or other code). */
export async function extractShareClassRows(
  bytes: Buffer,
  artefact: ArtefactRef,
  spec: ShareClassRowTemplate,
): Promise<ShareClassExtractionResult> {
  const table = await readFindatexTable(bytes, spec.extractor.id);
  const template = templateOf(table, spec);
  const collected = new FieldClaims();
  const warnings: Warning[] = [];
  const shareClasses: string[] = [];
  for (const row of table.rows) {
    const valueOf = (code: string, valueType: FindatexValueType = 'code') =>
      statedValue(row.cells.get(code), valueType);
    const id = valueOf(spec.identity.id);
    const asOf = spec.asOfFields.map((code) => valueOf(code, 'date')).find((date) => date !== undefined);
    if (!id || !asOf) {
      warnings.push({
        code: 'FINDATEX_ROW_SKIPPED',
        message: `${row.label} states no ${id ? `date (fields ${spec.asOfFields.join(', ')})` : `identifier (field ${spec.identity.id})`}: its fields are not claimed.`,
      });
      continue;
    }
    shareClasses.push(id);
    const name = valueOf(spec.identity.name);
    const fund = {
      ...(valueOf(spec.identity.idType) === ISIN_CODE_TYPE && { isin: id }),
      ...(name && { name }),
    };
    const scope = { artefact, extractor: spec.extractor, fund, shareClass: id, asOf, valueOf };
    for (const field of template.fields) collected.take(field, row.cells.get(field.code), scope);
  }
  return {
    extractor: spec.extractor,
    documentType: spec.documentType,
    claims: collected.claims,
    coverage: collected.coverage(),
    warnings: [...warnings, ...collected.warnings('share classes')],
    template: { name: template.name, version: template.version },
    shareClasses,
  };
}

function templateOf(table: FindatexTable, spec: ShareClassRowTemplate): FindatexTemplate {
  const stated = table.rows
    .map((row) => statedValue(row.cells.get(spec.versionField)))
    .find((v) => v !== undefined);
  const version = stated ? spec.versionOf(stated) : spec.templates[0]?.version;
  const template = spec.templates.find((t) => t.version === version);
  if (!template) {
    throw new ExtractionFailedError(
      'EXTRACTION_UNSUPPORTED_TEMPLATE_VERSION',
      `${spec.templates[0]?.name} version "${stated}" is not supported.`,
      `Send the file as ${spec.templates.map((t) => `${t.name} ${t.version}`).join(' or ')}.`,
      { extractorId: spec.extractor.id, stated },
    );
  }
  requireFields(table, template, spec.extractor.id);
  return template;
}
