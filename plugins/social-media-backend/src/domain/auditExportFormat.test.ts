import fc from 'fast-check';
import { spreadsheetSafeJson } from './auditExportFormat';

/**
 * What a spreadsheet may run of a line: each piece between commas, and what a quote opening
 * such a piece encloses.
 */
function cellStarts(line: string): string[] {
  return line
    .split(',')
    .flatMap(cell => (cell.startsWith('"') ? [cell, cell.slice(1)] : [cell]));
}

const FORMULA_START = /^[=+\-@\t\r]/;

describe('spreadsheetSafeJson', () => {
  it('writes a header whose filter holds formulas so that no cell starts one', () => {
    const header = {
      format: 'social-media-audit-export',
      exportedBy: 'user:default/auditor',
      filter: {
        actor: "a,=cmd|' /C calc'!A0",
        serviceId: '@SUM(1+1)',
        action: ['create', "+cmd|' /C calc'!A0", '-1+1'],
      },
    };
    const line = `# ${spreadsheetSafeJson(header)}`;
    expect(line).not.toContain(',=');
    for (const cell of cellStarts(line)) {
      expect(cell).not.toMatch(FORMULA_START);
    }
    expect(JSON.parse(line.slice(2))).toEqual(header);
  });

  it('gives back every value exactly, and no cell of any value starts a formula', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc
        .array(fc.constantFrom('=', '+', '-', '@', ',', '"', '\\', 'a', '\t'), {
          maxLength: 12,
        })
        .map(parts => parts.join('')),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          text,
          fc.oneof(text, fc.array(text, { maxLength: 4 }), fc.integer()),
        ),
        value => {
          const line = `# ${spreadsheetSafeJson(value)}`;
          expect(JSON.parse(line.slice(2))).toEqual(value);
          for (const cell of cellStarts(line)) {
            expect(cell).not.toMatch(FORMULA_START);
          }
        },
      ),
      { seed: 20261125, numRuns: 500 },
    );
  });
});
