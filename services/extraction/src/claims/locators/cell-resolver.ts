import type ExcelJS from 'exceljs';
import { xlsxCell } from '../../extractors/findatex/findatex-table.reader';
import { loadWorkbookSafely } from '../../extractors/findatex/safe-xlsx';
import { LocatorResolutionError } from '../extraction-errors';

/** Resolves a `{ sheet, cell }` locator (`Sheet1`, `N2`) to the cell's text: null for an empty cell. */
export type CellResolver = (locator: { sheet: string; cell: string }) => string | null;

const A1 = /^[A-Z]{1,3}[1-9]\d*$/;

/**
 * Reads the workbook once (with the same zip-bomb limits as the extractors) and answers cell locators
 * with the text the extractors saw: numbers as their decimal text, dates as ISO dates.
 */
export async function createCellResolver(xlsx: Buffer): Promise<CellResolver> {
  const workbook = await loadWorkbookSafely(xlsx, 'cell-resolver');
  return ({ sheet, cell }) => {
    if (!A1.test(cell)) {
      throw new LocatorResolutionError(
        'LOCATOR_INVALID',
        `Not an A1 cell reference: ${cell}.`,
        'Use a reference such as C12.',
        { sheet, cell },
      );
    }
    const worksheet = findSheet(workbook, sheet);
    const raw = xlsxCell(worksheet.getCell(cell));
    switch (raw.kind) {
      case 'empty':
        return null;
      case 'date':
        return raw.iso;
      default:
        return raw.text;
    }
  };
}

function findSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const worksheet = workbook.getWorksheet(name);
  if (!worksheet) {
    throw new LocatorResolutionError(
      'LOCATOR_INVALID',
      `The workbook has no sheet named "${name}".`,
      `Sheets: ${workbook.worksheets.map((s) => s.name).join(', ')}.`,
      { sheet: name },
    );
  }
  return worksheet;
}
