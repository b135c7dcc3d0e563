import {
  LIFECYCLE_STAGE_TITLES,
  type LifecycleStage,
  type RiskRating,
  type StageCompliance,
  RecordProblem,
} from '@internal/plugin-social-media-common';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import {
  alpha,
  darken,
  lighten,
  type CSSObject,
  type Theme,
} from '@mui/material/styles';
import Tooltip from '@mui/material/Tooltip';
import {
  COMPLIANCE_BADGE_COLOURS,
  complianceBadgeTitle,
} from '../ComplianceBadge';
import { LIFECYCLE_STAGE_CHIP_COLOURS } from '../LifecycleStageChip';
import { wrapBetweenWords } from '../shared/tableText';
import {
  RISK_RATING_COLOURS,
  RISK_RATING_TITLES,
  riskRatingTitle,
} from '../RiskBadge';

/*
 * The catalogue table's rows, cells and their contents are plain elements with class names,
 * styled once for the whole table by {@link catalogueRowStyles} and
 * {@link catalogueTableStyles}, rather than a themed MUI component (TableRow, TableCell, Chip,
 * Link, Typography) each: each of those computes and serialises its styles on every render, and
 * a page has 25 to 100 rows with six cells and four or five such components each. They look as
 * the components do (the same theme values, Backstage's overrides of rows, cells and chips
 * included), and the chips are the same as the service page's LifecycleStageChip, RiskBadge and
 * ComplianceBadge.
 */

/** Class names of the table's rows, cells and their contents. */
export const CELL = {
  row: 'sm-row',
  cell: 'sm-cell',
  link: 'sm-cell-link',
  name: 'sm-cell-name',
  handle: 'sm-cell-handle',
  chip: 'sm-cell-chip',
  chips: 'sm-cell-chips',
  count: 'sm-cell-count',
} as const;

const STAGE_COLOURS = Object.values(LIFECYCLE_STAGE_CHIP_COLOURS).filter(
  (colour, i, all) => colour !== 'default' && all.indexOf(colour) === i,
) as Array<'primary' | 'secondary' | 'info' | 'success'>;

type StyleOverride =
  | CSSObject
  | ((props: { theme: Theme; ownerState: object }) => CSSObject)
  | undefined;

/** A theme's style override of a component's slot, as MUI applies it. */
function override(
  theme: Theme,
  style: StyleOverride,
  ownerState: object,
): CSSObject {
  if (!style) return {};
  return typeof style === 'function' ? style({ theme, ownerState }) : style;
}

/** `b` over `a`, nested selectors merged rather than replaced. */
function mergeStyles(a: CSSObject, b: CSSObject): CSSObject {
  const merged: CSSObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = merged[key];
    merged[key] =
      typeof before === 'object' && before && typeof value === 'object'
        ? mergeStyles(before as CSSObject, value as CSSObject)
        : value;
  }
  return merged;
}

/**
 * The body's rows and cells as MUI's TableRow (with `hover`) and small TableCell draw them,
 * the theme's overrides of both included (Backstage's: striped rows, denser cells), for the
 * table's styles. The styles are those of MUI 5's components; a theme's `variants` are not read.
 */
export function catalogueRowStyles(theme: Theme): CSSObject {
  const { palette, typography } = theme;
  const rowOverrides = (theme.components?.MuiTableRow?.styleOverrides ??
    {}) as Record<string, StyleOverride>;
  const cellOverrides = (theme.components?.MuiTableCell?.styleOverrides ??
    {}) as Record<string, StyleOverride>;
  const rowState = { hover: true, selected: false, head: false, footer: false };
  const cellState = { variant: 'body', size: 'small', align: 'inherit' };
  const divider = alpha(palette.divider, 1);
  let row: CSSObject = {
    color: 'inherit',
    display: 'table-row',
    verticalAlign: 'middle',
    outline: 0,
  };
  for (const slot of ['root', 'hover']) {
    row = mergeStyles(row, override(theme, rowOverrides[slot], rowState));
  }
  let cell: CSSObject = {
    ...(typography.body2 as CSSObject),
    display: 'table-cell',
    verticalAlign: 'inherit',
    borderBottom: `1px solid ${
      palette.mode === 'light' ? lighten(divider, 0.88) : darken(divider, 0.68)
    }`,
    textAlign: 'left',
    color: palette.text.primary,
    padding: '6px 16px',
  };
  for (const slot of ['root', 'body', 'sizeSmall']) {
    cell = mergeStyles(cell, override(theme, cellOverrides[slot], cellState));
  }
  // Between words, as in the portal's other tables (a class outranks their `& td`).
  cell = { ...cell, ...wrapBetweenWords['& th, & td'] };
  const alignRight = mergeStyles(
    { textAlign: 'right', flexDirection: 'row-reverse' },
    override(theme, cellOverrides.alignRight, {
      ...cellState,
      align: 'right',
    }),
  );
  return {
    [`& .${CELL.row}`]: row,
    // After the row's own rules, as MUI's outranks the theme's striped rows.
    [`& .${CELL.row}:hover`]: { backgroundColor: palette.action.hover },
    [`& .${CELL.cell}`]: cell,
    [`& .${CELL.cell}[data-align="right"]`]: alignRight,
  };
}

/** The styles of the cells' contents, for the table's styles. */
export function catalogueTableStyles(theme: Theme) {
  const { palette, typography } = theme;
  const light = palette.mode === 'light';
  const colouredChips: Record<string, object> = {};
  for (const colour of [...STAGE_COLOURS, 'error' as const]) {
    const main = palette[colour].main;
    colouredChips[`& .${CELL.chip}[data-colour="${colour}"]`] = {
      color: main,
      borderColor: alpha(main, 0.7),
    };
  }
  for (const rating of Object.keys(RISK_RATING_COLOURS) as RiskRating[]) {
    colouredChips[`& .${CELL.chip}[data-risk="${rating}"]`] = {
      border: 0,
      padding: theme.spacing(0, 1),
      backgroundColor: RISK_RATING_COLOURS[rating].background,
      color: RISK_RATING_COLOURS[rating].text,
    };
  }
  return {
    // MUI's Link as Backstage's theme sets it: underlined on hover.
    [`& .${CELL.link}`]: {
      color: palette.primary.main,
      textDecoration: 'none',
      '&:hover': { textDecoration: 'underline' },
    },
    [`& .${CELL.name}`]: { fontWeight: 500 },
    [`& .${CELL.handle}`]: {
      ...typography.body2,
      margin: 0,
      color: palette.text.secondary,
      whiteSpace: 'nowrap',
    },
    [`& .${CELL.count}`]: {
      ...typography.body2,
      '&[data-open="true"]': {
        fontWeight: 700,
        color: palette.error.main,
      },
    },
    [`& .${CELL.chips}`]: {
      display: 'flex',
      flexDirection: 'row',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
    },
    // MUI's small chip with Backstage's overrides: an outlined chip by default.
    [`& .${CELL.chip}`]: {
      display: 'inline-flex',
      alignItems: 'center',
      justifyContent: 'center',
      maxWidth: '100%',
      height: '24px',
      boxSizing: 'border-box',
      borderRadius: '12px',
      padding: theme.spacing(0, 0.875),
      marginRight: theme.spacing(1),
      marginBottom: theme.spacing(1),
      verticalAlign: 'middle',
      whiteSpace: 'nowrap',
      fontFamily: typography.fontFamily,
      fontSize: theme.spacing(1.5),
      fontWeight: typography.fontWeightMedium,
      lineHeight: theme.spacing(2.5),
      color: palette.text.primary,
      backgroundColor: 'transparent',
      border: `1px solid ${light ? palette.grey[400] : palette.grey[700]}`,
      '& svg': {
        fontSize: '18px',
        marginLeft: '-5px',
        marginRight: '3px',
      },
      '&:focus-visible': { outline: `2px solid ${palette.primary.main}` },
    },
    [`& .${CELL.chip}[data-filled="true"]`]: {
      border: 0,
      padding: theme.spacing(0, 1),
      backgroundColor: palette.action.selected,
    },
    ...colouredChips,
    [`& .${CELL.chip}[data-compliance="false"]`]: {
      backgroundColor: COMPLIANCE_BADGE_COLOURS.background,
      color: COMPLIANCE_BADGE_COLOURS.text,
      borderColor: COMPLIANCE_BADGE_COLOURS.border,
    },
  };
}

/** The stage of a service, as the {@link LifecycleStageChip} shows it. */
export function StageCell(props: { stage: LifecycleStage }) {
  const { stage } = props;
  const colour = LIFECYCLE_STAGE_CHIP_COLOURS[stage];
  return (
    <span
      className={CELL.chip}
      data-stage={stage}
      data-colour={colour}
      data-filled={stage === 'retired'}
    >
      {LIFECYCLE_STAGE_TITLES[stage] ?? stage}
    </span>
  );
}

/**
 * "Out of compliance", as the {@link ComplianceBadge} shows it: its tooltip and accessible
 * description say what the service lacks. Nothing for a service that meets its stage.
 */
export function ComplianceCell(props: { compliance?: StageCompliance }) {
  const title = complianceBadgeTitle(props.compliance);
  if (!title) return null;
  return (
    <Tooltip title={title} describeChild>
      {/* Focusable, as the badge's chip is, so that a keyboard reaches the tooltip too. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <span className={CELL.chip} data-compliance="false" tabIndex={0}>
        <WarningAmberIcon aria-hidden fontSize="inherit" />
        <span>Out of compliance</span>
      </span>
    </Tooltip>
  );
}

/** The rating of a service, as the {@link RiskBadge} shows it. */
export function RiskCell(props: { rating?: RiskRating }) {
  const { rating } = props;
  if (!rating) {
    return (
      <span
        className={CELL.chip}
        title={riskRatingTitle(rating)}
        data-risk="none"
      >
        Not rated
      </span>
    );
  }
  return (
    <span
      className={CELL.chip}
      title={riskRatingTitle(rating)}
      data-risk={rating}
    >
      {RISK_RATING_TITLES[rating]}
    </span>
  );
}

/** People who left the organisation and still hold access to the account, if any. */
export function LeaversCell(props: { count: number }) {
  const { count } = props;
  if (count <= 0) return null;
  return (
    <span className={CELL.chip} data-colour="error" style={{ marginTop: 4 }}>
      {count === 1 ? '1 leaver with access' : `${count} leavers with access`}
    </span>
  );
}

/** A record holding values the catalogue never writes (changed in the database outside it). */
export function DamagedRecordCell(props: { problems?: RecordProblem[] }) {
  const problems = props.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <span
      className={CELL.chip}
      data-colour="error"
      style={{ marginTop: 4 }}
      title={`Stored values the catalogue never writes: ${problems
        .map(p => p.field)
        .join(', ')}`}
    >
      Record changed outside the catalogue
    </span>
  );
}
