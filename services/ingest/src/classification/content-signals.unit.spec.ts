import { inferDayMonthOrder, parseDocumentDate } from './document-dates';
import { isIsin, isinsInText, isLei } from './fund-identifiers';
import { sniffMediaType } from './media-type.sniffer';
import { buildPdf, buildZip, workbookParts } from './test/crafted-files';

describe('sniffMediaType', () => {
  it.each([
    ['a PDF', buildPdf(), 'x', 'application/pdf'],
    [
      'a PDF with junk before its header',
      Buffer.concat([Buffer.alloc(300, 0x20), buildPdf()]),
      'x',
      'application/pdf',
    ],
    [
      'an XLSX from its first entries',
      buildZip(workbookParts([['a']])),
      'x',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['a ZIP', buildZip([{ name: 'a.txt', data: 'a' }]), 'x', 'application/zip'],
    ['XML after a BOM and a blank line', '\uFEFF\n<?xml version="1.0"?><a/>', 'x', 'application/xml'],
    ['HTML', '<!DOCTYPE html><html><body>fund</body></html>', 'x.xml', 'text/html'],
    ['JSON', '[{"a": 1}]', 'x', 'application/json'],
    ['YAML, told by its name', '- 00001_EPT_Version: V21\n', 'ept.yaml', 'application/yaml'],
    ['CSV', 'date;nav\n2024-01-31;101,2\n2024-02-29;102,3\n', 'x', 'text/csv'],
    ['prose with commas', 'Dear investor, thank you.\nThe fund grew.\n', 'x', 'text/plain'],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), 'x.png', 'application/octet-stream'],
  ])('recognises %s', (_case, content, fileName, expected) => {
    expect(sniffMediaType(Buffer.from(content), fileName)).toBe(expected);
  });
});

describe('fund identifiers', () => {
  it('accepts ISINs only with a correct check digit', () => {
    expect(['GB00B0CNHB64', 'SE0011337179', 'US0378331005', 'INF200K01RJ1'].map(isIsin)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['GB00B0CNHB65', 'SE001133717', 'gb00b0cnhb64'].map(isIsin)).toEqual([false, false, false]);
    expect(isinsInText('Class I Acc - ISIN: GB00B0CNHB64; see GB00B0CNHB64 and ABCDEFGHIJKL')).toEqual([
      'GB00B0CNHB64',
    ]);
  });

  it('accepts LEIs only with correct check digits', () => {
    expect(['5493006TF05454RBY690', 'SVLFVAGUHS15GPUL9Z39'].map(isLei)).toEqual([true, true]);
    expect(['5493006TF05454RBY691', '5493006tf05454rby690', '1234567890'].map(isLei)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('document dates', () => {
  it.each([
    ['2025-08-29', '2025-08-29'],
    ['2024-02-23T13:42:48.235711Z', '2024-02-23'],
    ['31/12/2025', '2025-12-31'],
    ['28 May 2019', '2019-05-28'],
    ['31st December 2025', '2025-12-31'],
    ['December 31, 2025', '2025-12-31'],
    ['Mar 31, 2026', '2026-03-31'],
    ['31-Dec-2025', '2025-12-31'],
    ['31/02/2025', undefined],
    ['next Tuesday', undefined],
  ])('reads %j', (raw, expected) => {
    expect(parseDocumentDate(raw)).toBe(expected);
  });

  it('tells day-first from month-first by the dates of the same file', () => {
    expect(inferDayMonthOrder(['01/02/2024', '13/02/2024'])).toBe('day-first');
    expect(inferDayMonthOrder(['01/02/2024', '02/13/2024'])).toBe('month-first');
    expect(parseDocumentDate('02/01/2024', 'month-first')).toBe('2024-02-01');
  });
});
