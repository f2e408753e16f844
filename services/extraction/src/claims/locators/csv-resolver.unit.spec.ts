import { createCsvResolver, readCsvRecords } from './csv-resolver';

describe('csv locator resolver', () => {
  it('resolves 1-based rows and columns, header included', () => {
    const resolveCsv = createCsvResolver(Buffer.from('Date,NAV\n2024-01-02,10.5\n\n2024-01-03,10.6\n'));
    expect(resolveCsv({ row: 1, column: 2 })).toBe('NAV');
    expect(resolveCsv({ row: 2, column: 2 })).toBe('10.5');
    // Blank lines are not rows.
    expect(resolveCsv({ row: 3, column: 1 })).toBe('2024-01-03');
    expect(resolveCsv({ row: 4, column: 1 })).toBeNull();
    expect(resolveCsv({ row: 2, column: 3 })).toBeNull();
  });

  it('keeps quoted fields whole, across lines and commas', () => {
    expect(readCsvRecords('a,"b, c\nd",e\n')).toEqual([['a', 'b, c\nd', 'e']]);
  });

  it('splits on semicolons or tabs when the first line has no comma', () => {
    expect(readCsvRecords('Datum;Kurs\n2024-01-02;1,5\n')).toEqual([
      ['Datum', 'Kurs'],
      ['2024-01-02', '1,5'],
    ]);
    expect(readCsvRecords('Date\tNAV\n2024-01-02\t1.5\n')).toEqual([
      ['Date', 'NAV'],
      ['2024-01-02', '1.5'],
    ]);
  });
});
