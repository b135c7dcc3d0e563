import { themes } from '@backstage/theme';
import { ThemeProvider, styled, type Theme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { render, screen } from '@testing-library/react';
import { wrapBetweenWords } from '../shared/tableText';
import { CELL, catalogueRowStyles } from './tableCells';

/** The catalogue's table as ServicesTable styles it, rows and cells only. */
const PlainTable = styled(Table)(({ theme }) => catalogueRowStyles(theme));

/** What a person sees of a row or a cell. */
const PROPERTIES = [
  'display',
  'color',
  'background-color',
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'letter-spacing',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-bottom-width',
  'border-bottom-style',
  'border-bottom-color',
  'text-align',
  'vertical-align',
  'overflow',
  'margin-top',
];

function looks(testId: string) {
  const style = getComputedStyle(screen.getByTestId(testId));
  return Object.fromEntries(
    PROPERTIES.map(p => [p, style.getPropertyValue(p)]),
  );
}

function renderBoth(theme: Theme) {
  render(
    <ThemeProvider theme={theme}>
      <Table size="small">
        <TableBody>
          {[1, 2].map(n => (
            <TableRow key={n} hover data-testid={`mui-row-${n}`}>
              <TableCell data-testid={`mui-cell-${n}`}>Name</TableCell>
              <TableCell data-testid={`mui-right-${n}`} align="right">
                3
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <PlainTable size="small">
        <TableBody>
          {[1, 2].map(n => (
            <tr key={n} className={CELL.row} data-testid={`plain-row-${n}`}>
              <td className={CELL.cell} data-testid={`plain-cell-${n}`}>
                Name
              </td>
              <td
                className={CELL.cell}
                data-align="right"
                data-testid={`plain-right-${n}`}
              >
                3
              </td>
            </tr>
          ))}
        </TableBody>
      </PlainTable>
    </ThemeProvider>,
  );
}

describe('the catalogue table’s plain rows and cells', () => {
  it.each([
    ['light', themes.light],
    ['dark', themes.dark],
  ])(
    'look as MUI’s TableRow and small TableCell do in Backstage’s %s theme',
    (_name, unified) => {
      const theme = unified.getTheme('v5') as Theme;
      renderBoth(theme);
      for (const n of [1, 2]) {
        expect(looks(`plain-row-${n}`)).toEqual(looks(`mui-row-${n}`));
        expect(looks(`plain-cell-${n}`)).toEqual(looks(`mui-cell-${n}`));
        expect(looks(`plain-right-${n}`)).toEqual(looks(`mui-right-${n}`));
      }
      // Between words, as the portal's other tables (Backstage's theme breaks inside words).
      const cell = getComputedStyle(screen.getByTestId('plain-cell-1'));
      expect(cell.getPropertyValue('word-break')).toBe(
        wrapBetweenWords['& th, & td'].wordBreak,
      );
      // The theme's striped rows are there (not two rows alike by accident).
      expect(looks('plain-row-1')['background-color']).not.toEqual(
        looks('plain-row-2')['background-color'],
      );
    },
  );

  it('takes a theme’s own overrides of rows and cells', () => {
    const base = themes.light.getTheme('v5') as Theme;
    const theme: Theme = {
      ...base,
      components: {
        ...base.components,
        MuiTableCell: {
          styleOverrides: {
            root: { padding: '2px 3px', borderBottom: '2px dashed red' },
            sizeSmall: ({ theme: t }) => ({ fontSize: t.spacing(2) }),
          },
        },
        MuiTableRow: { styleOverrides: { root: { color: 'green' } } },
      },
    };
    renderBoth(theme);
    expect(looks('plain-cell-1')).toEqual(looks('mui-cell-1'));
    expect(looks('plain-row-1')).toEqual(looks('mui-row-1'));
    expect(looks('plain-cell-1')['border-bottom-style']).toBe('dashed');
    expect(looks('plain-cell-1')['font-size']).toBe('16px');
  });
});
