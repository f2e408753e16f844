import ExcelJS from 'exceljs';
import { LocatorResolutionError } from '../extraction-errors';
import { createCellResolver } from './cell-resolver';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  sheet.addRow([
    '01090_SRI',
    '03060_Ongoing_Costs',
    '00070_PRIIPs_KID_Publication_Date',
    '00050_Portfolio_Name',
  ]);
  sheet.addRow([
    2,
    0.000684,
    new Date(Date.UTC(2024, 1, 16)),
    { richText: [{ text: 'Captor ' }, { text: 'Dahlia' }] },
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('cell locator resolver', () => {
  let resolve: Awaited<ReturnType<typeof createCellResolver>>;
  beforeAll(async () => {
    resolve = await createCellResolver(await workbook());
  });

  it('gives a cell as the extractors read it: decimal text, ISO date, plain text', () => {
    expect(resolve({ sheet: 'Sheet1', cell: 'A2' })).toBe('2');
    expect(resolve({ sheet: 'Sheet1', cell: 'B2' })).toBe('0.000684');
    expect(resolve({ sheet: 'Sheet1', cell: 'C2' })).toBe('2024-02-16');
    expect(resolve({ sheet: 'Sheet1', cell: 'D2' })).toBe('Captor Dahlia');
    expect(resolve({ sheet: 'Sheet1', cell: 'Z99' })).toBeNull();
  });

  it('refuses a sheet the workbook does not have and a reference that is not A1 style', () => {
    expect(() => resolve({ sheet: 'Sheet2', cell: 'A1' })).toThrow(LocatorResolutionError);
    expect(() => resolve({ sheet: 'Sheet1', cell: 'R1C1' })).toThrow(LocatorResolutionError);
  });
});
