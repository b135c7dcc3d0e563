import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  LIFECYCLE_STAGE_TITLES,
  RISK_RATINGS,
  type GuardianshipSweepResult,
  type LifecycleStage,
  type PortfolioDashboard,
  type RiskRating,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useMeasure from 'react-use/esm/useMeasure';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { socialMediaApiRef } from '../../api';
import { LoadError } from '../shared/LoadError';
import { rootRouteRef, serviceRouteRef } from '../../routes';
import { describeChangeError } from '../../utils/errors';
import { formatDate, formatNumber } from '../../utils/format';
import { PlatformLabel } from '../PlatformIcon';
import {
  RISK_RATING_COLOURS,
  RISK_RATING_TITLES,
  RiskBadge,
} from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { NotSet, Section } from '../shared/Section';
import {
  catalogueLink,
  type CatalogueView,
} from '../CataloguePage/catalogueView';
import { ItsmSyncSection } from './ItsmSyncSection';
import { wrapBetweenWords } from '../shared/tableText';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

/** Trend windows the page offers, in days. */
const TREND_DAYS = [30, 90, 180, 365] as const;
const DEFAULT_DAYS = 90;
const CHART_HEIGHT = 300;
/** Width used until the chart's box is measured (and in tests, where it never is). */
const FALLBACK_WIDTH = 640;
const UNRATED_COLOUR = '#757575';

/** Out of sight but read by screen readers. */
const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

/**
 * A chart as wide as its box. Measuring is done here rather than with
 * recharts' ResponsiveContainer, so that a box that cannot be measured (e.g.
 * in tests) still gets a chart of a sensible width.
 */
function SizedChart(props: {
  description: string;
  /** A chart whose marks are links is a figure, so that the links stay reachable. */
  interactive?: boolean;
  children: (size: { width: number; height: number }) => ReactNode;
}) {
  const [ref, { width }] = useMeasure<HTMLDivElement>();
  return (
    <Box
      ref={ref}
      role={props.interactive ? 'figure' : 'img'}
      aria-label={props.description}
      sx={{ width: '100%' }}
    >
      {props.children({
        width: width > 0 ? width : FALLBACK_WIDTH,
        height: CHART_HEIGHT,
      })}
    </Box>
  );
}

/**
 * Links to the catalogue filtered to some services, from the plugin's route:
 * `catalogue({ hasLeavers: true })`.
 */
function useCatalogueLink() {
  const cataloguePath = useRouteRef(rootRouteRef)();
  return (filter: Partial<CatalogueView>) =>
    catalogueLink(cataloguePath, filter);
}

/** The numbers behind a chart as a table for screen readers. */
function DataTable(props: {
  label: string;
  columns: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
}) {
  return (
    <Box sx={visuallyHidden}>
      <table aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map(column => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(row => (
            <tr key={row.key}>
              {row.cells.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={index}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
}

/**
 * A count with its label. With `to`, the whole tile leads to the services it
 * counts: the number is a link named by the label and the count, stretched
 * over the tile so that a click anywhere on it follows the link.
 */
function Tile(props: {
  label: string;
  value: number;
  tone?: 'good' | 'warning' | 'bad';
  hint?: string;
  /** The catalogue, filtered to the services counted. */
  to?: string;
}) {
  const id = useId();
  const colour = {
    good: 'success.main',
    warning: 'warning.dark',
    bad: 'error.main',
  }[props.tone ?? 'good'];
  const value = formatNumber(props.value);
  return (
    <Paper
      variant="outlined"
      sx={{
        p: 2,
        // The label, the number and the hint on rows shared with the other tiles of the row,
        // so that the numbers line up however the labels wrap.
        display: 'grid',
        gridRow: 'span 3',
        gridTemplateRows: 'subgrid',
        rowGap: 0,
        alignContent: 'start',
        position: props.to ? 'relative' : undefined,
        '&:hover': props.to ? { bgcolor: 'action.hover' } : undefined,
        '&:focus-within': props.to
          ? { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 }
          : undefined,
      }}
    >
      <Typography
        id={id}
        component="dt"
        variant="body2"
        color="text.secondary"
        sx={{ mb: 1 }}
      >
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="h4"
        aria-labelledby={id}
        sx={{ m: 0, color: props.tone ? colour : undefined, fontWeight: 600 }}
      >
        {props.to ? (
          <Link
            component={RouterLink}
            to={props.to}
            aria-label={`${props.label}: ${value}`}
            title="Show these services in the catalogue"
            color="inherit"
            underline="hover"
            sx={{
              '&::after': { content: '""', position: 'absolute', inset: 0 },
              '&:focus-visible': { outline: 'none' },
            }}
          >
            {value}
          </Link>
        ) : (
          value
        )}
      </Typography>
      {props.hint && (
        <Typography variant="caption" color="text.secondary">
          {props.hint}
        </Typography>
      )}
    </Paper>
  );
}

function Totals(props: { dashboard: PortfolioDashboard }) {
  const { dashboard } = props;
  const { accessReviews } = dashboard;
  const catalogue = useCatalogueLink();
  const tiles = [
    { label: 'Services', value: dashboard.totalServices, to: catalogue({}) },
    {
      label: 'Access reviews current',
      value: accessReviews.current,
      tone: 'good' as const,
      to: catalogue({ accessReview: ['current'] }),
    },
    {
      label: 'Access reviews due',
      value: accessReviews.due,
      tone: accessReviews.due > 0 ? ('warning' as const) : ('good' as const),
      to: catalogue({ accessReview: ['due'] }),
    },
    {
      label: 'Access reviews overdue',
      value: accessReviews.overdue,
      tone: accessReviews.overdue > 0 ? ('bad' as const) : ('good' as const),
      to: catalogue({ accessReview: ['overdue'] }),
    },
    {
      label: 'Services with leavers',
      value: dashboard.servicesWithLeavers,
      tone:
        dashboard.servicesWithLeavers > 0
          ? ('bad' as const)
          : ('good' as const),
      hint: 'People who left still hold access',
      to: catalogue({ hasLeavers: true }),
    },
    {
      label: 'Out of compliance',
      value: dashboard.outOfCompliance,
      tone:
        dashboard.outOfCompliance > 0
          ? ('warning' as const)
          : ('good' as const),
      hint: 'Do not meet the requirements of their stage',
      to: catalogue({ compliant: false }),
    },
    {
      label: 'Changed outside the catalogue',
      value: dashboard.changedOutside,
      tone: dashboard.changedOutside > 0 ? ('bad' as const) : ('good' as const),
      hint: 'Records holding values the catalogue did not write',
      to: catalogue({ changedOutside: true }),
    },
  ];
  return (
    <Box
      component="dl"
      aria-label="Totals"
      sx={{
        m: 0,
        display: 'grid',
        gap: 2,
        // Seven totals in full rows at every width, none left alone on a row: all on one row
        // where they fit, else four and three (the services and their access reviews, then
        // what needs attention), and on narrow screens the services above rows of the rest.
        gridTemplateColumns: {
          xs: 'repeat(2, 1fr)',
          sm: 'repeat(3, 1fr)',
          md: 'repeat(4, 1fr)',
          xl: 'repeat(7, 1fr)',
        },
        '& > :first-of-type': {
          gridColumn: { xs: '1 / -1', md: 'auto' },
        },
      }}
    >
      {tiles.map(tile => (
        <Tile key={tile.label} {...tile} />
      ))}
    </Box>
  );
}

/** Rough width of a character of the axis font, to decide where to wrap. */
const TICK_CHAR_WIDTH = 7;
const TICK_LINE_HEIGHT = 14;

/**
 * Splits a label into lines of at most `chars` characters, at spaces. Gives
 * `undefined` when a word alone is longer, so that the caller abbreviates.
 */
export function wrapLabel(label: string, chars: number): string[] | undefined {
  const lines: string[] = [];
  for (const word of label.split(/\s+/)) {
    if (word.length > chars) return undefined;
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= chars) {
      lines[lines.length - 1] = `${last} ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines;
}

/** Short names of the stages, for axes too narrow for the full ones. */
const STAGE_ABBREVIATIONS: Record<LifecycleStage, string> = {
  strategy: 'Strat.',
  design: 'Design',
  transition: 'Trans.',
  operation: 'Oper.',
  improvement: 'Impr.',
  retired: 'Ret.',
};

/**
 * A stage's name under its bar: every stage is named (recharts would drop
 * labels that collide), on as many lines as it needs, or abbreviated with the
 * full name as its title when the bar is too narrow for even one word.
 */
export function StageTick(props: {
  x?: number;
  y?: number;
  width?: number;
  visibleTicksCount?: number;
  payload?: { value: LifecycleStage };
}) {
  const { x = 0, y = 0, payload } = props;
  if (!payload) return null;
  const stage = payload.value;
  const title = LIFECYCLE_STAGE_TITLES[stage] ?? stage;
  const band = (props.width ?? FALLBACK_WIDTH) / (props.visibleTicksCount || 1);
  const chars = Math.max(1, Math.floor((band - 4) / TICK_CHAR_WIDTH));
  const lines = wrapLabel(title, chars) ?? [
    STAGE_ABBREVIATIONS[stage] ?? stage,
  ];
  const abbreviated = lines.join(' ') !== title;
  return (
    <g transform={`translate(${x},${y})`}>
      <text
        textAnchor="middle"
        fill="currentColor"
        fontSize={12}
        aria-label={abbreviated ? title : undefined}
      >
        {abbreviated && <title>{title}</title>}
        {lines.map((line, index) => (
          <tspan key={line} x={0} dy={index === 0 ? 12 : TICK_LINE_HEIGHT}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

type StageRiskRow = PortfolioDashboard['byStageAndRisk'][number] & {
  stageTitle: string;
  total: number;
};

/**
 * One segment of a stacked bar, as a link to the catalogue filtered to its
 * services: reachable with the keyboard, named for screen readers. Empty
 * segments are not drawn.
 */
function SegmentLink(props: {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  fill?: string;
  value?: number | [number, number];
  payload?: StageRiskRow;
  series: { key: RiskRating | 'unrated'; title: string };
  linkTo: (stage: LifecycleStage, rating: RiskRating | 'unrated') => string;
}) {
  const navigate = useNavigate();
  const { x = 0, y = 0, width = 0, height = 0, payload, series } = props;
  if (!payload) return null;
  const count = payload[series.key] ?? 0;
  if (count <= 0 || height <= 0) return null;
  const href = props.linkTo(payload.stage, series.key);
  const rating =
    series.key === 'unrated'
      ? 'not rated'
      : `${series.title.toLowerCase()} risk`;
  return (
    <a
      href={href}
      aria-label={`${payload.stageTitle}, ${rating}: ${count} ${
        count === 1 ? 'service' : 'services'
      }`}
      onClick={event => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate(href);
      }}
      style={{ cursor: 'pointer' }}
    >
      <rect x={x} y={y} width={width} height={height} fill={props.fill} />
    </a>
  );
}

function StageRiskChart(props: { dashboard: PortfolioDashboard }) {
  const catalogue = useCatalogueLink();
  const data: StageRiskRow[] = props.dashboard.byStageAndRisk.map(row => ({
    ...row,
    stageTitle: LIFECYCLE_STAGE_TITLES[row.stage] ?? row.stage,
    total: row.low + row.medium + row.high + row.critical + (row.unrated ?? 0),
  }));
  const series: Array<{
    key: RiskRating | 'unrated';
    title: string;
    colour: string;
  }> = [
    ...RISK_RATINGS.map(rating => ({
      key: rating,
      title: RISK_RATING_TITLES[rating],
      colour: RISK_RATING_COLOURS[rating].background,
    })),
    { key: 'unrated', title: 'Not rated', colour: UNRATED_COLOUR },
  ];
  const linkTo = (stage: LifecycleStage, rating: RiskRating | 'unrated') =>
    catalogue({ lifecycleStage: [stage], riskRating: [rating] });
  return (
    <Section title="Services by stage and risk">
      <SizedChart
        interactive
        description="Stacked bar chart of services per lifecycle stage, coloured by risk rating; each segment opens its services in the catalogue"
      >
        {({ width, height }) => (
          <BarChart
            width={width}
            height={height}
            data={data}
            margin={{ top: 20, right: 8, bottom: 8, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="stage"
              interval={0}
              height={64}
              tick={<StageTick />}
              label={{
                value: 'Lifecycle stage',
                position: 'insideBottom',
                offset: 0,
              }}
            />
            <YAxis
              allowDecimals={false}
              label={{
                value: 'Services',
                angle: -90,
                position: 'insideLeft',
                style: { textAnchor: 'middle' },
              }}
            />
            <Tooltip
              labelFormatter={stage =>
                LIFECYCLE_STAGE_TITLES[stage as LifecycleStage] ?? stage
              }
            />
            <Legend verticalAlign="top" height={32} />
            {series.map((s, index) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.title}
                stackId="risk"
                fill={s.colour}
                isAnimationActive={false}
                shape={<SegmentLink series={s} linkTo={linkTo} />}
              >
                {index === series.length - 1 && (
                  <LabelList dataKey="total" position="top" fontSize={12} />
                )}
              </Bar>
            ))}
          </BarChart>
        )}
      </SizedChart>
      <DataTable
        label="Services by stage and risk"
        columns={['Stage', ...series.map(s => s.title), 'Total']}
        rows={data.map(row => ({
          key: row.stage,
          cells: [
            row.stageTitle,
            ...series.map(s => row[s.key] ?? 0),
            row.total,
          ],
        }))}
      />
    </Section>
  );
}

function RiskTrendChart(props: {
  dashboard: PortfolioDashboard;
  days: number;
  onDays: (days: number) => void;
}) {
  const { dashboard, days, onDays } = props;
  const data = dashboard.riskTrend.map(point => ({
    ...point,
    label: formatDate(point.date),
  }));
  return (
    <Section
      title="Risk trend"
      action={
        <TextField
          select
          size="small"
          label="Period"
          value={days}
          onChange={event => onDays(Number(event.target.value))}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
        >
          {TREND_DAYS.map(d => (
            <option key={d} value={d}>
              Last {d} days
            </option>
          ))}
        </TextField>
      }
    >
      {data.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No ratings recorded in this period yet.
        </Typography>
      ) : (
        <>
          <SizedChart
            description={`Line chart of services per risk rating at the end of each day, over the last ${days} days`}
          >
            {({ width, height }) => (
              <LineChart width={width} height={height} data={data}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="label"
                  minTickGap={24}
                  height={48}
                  label={{
                    value: 'Date',
                    position: 'insideBottom',
                    offset: 0,
                  }}
                />
                <YAxis
                  allowDecimals={false}
                  label={{
                    value: 'Services',
                    angle: -90,
                    position: 'insideLeft',
                    style: { textAnchor: 'middle' },
                  }}
                />
                <Tooltip />
                <Legend verticalAlign="top" height={32} />
                {RISK_RATINGS.map(rating => (
                  <Line
                    key={rating}
                    type="monotone"
                    dataKey={rating}
                    name={RISK_RATING_TITLES[rating]}
                    stroke={RISK_RATING_COLOURS[rating].background}
                    strokeWidth={2}
                    dot={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            )}
          </SizedChart>
          <DataTable
            label="Risk trend"
            columns={['Date', ...RISK_RATINGS.map(r => RISK_RATING_TITLES[r])]}
            rows={data.map(point => ({
              key: point.date,
              cells: [point.label, ...RISK_RATINGS.map(r => point[r])],
            }))}
          />
        </>
      )}
    </Section>
  );
}

function OverdueReviews(props: { dashboard: PortfolioDashboard }) {
  const serviceLink = useRouteRef(serviceRouteRef);
  const catalogue = useCatalogueLink();
  const items = props.dashboard.overdueReviews;
  return (
    <Section
      title="Overdue access reviews"
      action={
        items.length > 0 ? (
          <Link
            component={RouterLink}
            to={catalogue({ accessReview: ['overdue'] })}
          >
            All {formatNumber(props.dashboard.accessReviews.overdue)} in the
            catalogue
          </Link>
        ) : undefined
      }
    >
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No access review is overdue.
        </Typography>
      ) : (
        <TableContainer>
          <Table
            size="small"
            sx={wrapBetweenWords}
            aria-label="Overdue access reviews"
          >
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Platform</TableCell>
                <TableCell>Owner group</TableCell>
                <TableCell>Service owner</TableCell>
                <TableCell>Risk</TableCell>
                <TableCell>Due</TableCell>
                <TableCell align="right">Days overdue</TableCell>
                <TableCell>Last reviewed</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(item => (
                <TableRow key={item.serviceId}>
                  <TableCell>
                    <Link
                      component={RouterLink}
                      to={serviceLink({ id: item.serviceId })}
                      fontWeight={500}
                    >
                      {item.name}
                    </Link>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <PlatformLabel platform={item.platform} />
                  </TableCell>
                  <TableCell>
                    <EntityRef entityRef={item.ownerGroup} kind="group" />
                  </TableCell>
                  <TableCell>
                    <EntityRef entityRef={item.serviceOwner} kind="user" />
                  </TableCell>
                  <TableCell>
                    <RiskBadge rating={item.riskRating} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDate(item.review.dueAt)}
                  </TableCell>
                  <TableCell
                    align="right"
                    sx={{ fontWeight: 700, color: 'error.main' }}
                  >
                    {item.review.overdueDays}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {item.review.lastReviewedAt ? (
                      formatDate(item.review.lastReviewedAt)
                    ) : (
                      <NotSet>Never</NotSet>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Section>
  );
}

/**
 * Runs leaver detection and risk recomputation now (administrators), then
 * says what it found.
 */
function SweepButton(props: { onDone: () => void }) {
  const api = useApi(socialMediaApiRef);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<GuardianshipSweepResult>();
  const [error, setError] = useState<string>();
  const run = async () => {
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.runGuardianshipSweep());
      props.onDone();
    } catch (e) {
      setError(describeChangeError(e));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Stack spacing={1} alignItems="flex-start">
      <Button variant="outlined" onClick={run} disabled={running}>
        {running ? 'Running leaver detection…' : 'Run leaver detection'}
      </Button>
      {result && (
        <Alert
          severity={result.recordsChangedOutside > 0 ? 'warning' : 'success'}
          role="status"
        >
          Checked {formatNumber(result.servicesChecked)} services:{' '}
          {result.leaversFlagged} leaver(s) found, {result.leaversCleared}{' '}
          cleared, {result.ratingsChanged} rating(s) changed.
          {result.recordsChangedOutside > 0 &&
            ` ${formatNumber(
              result.recordsChangedOutside,
            )} service(s) hold values their audit trail never set (changed in the database outside the catalogue); the catalogue marks them and counts them out of compliance.`}
        </Alert>
      )}
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}

/**
 * The portfolio dashboard, at `/dashboard` under the catalogue: services by
 * stage and risk, the risk trend, access review totals, services with
 * leavers, the most overdue access reviews and the ITSM incident sync.
 */
export function DashboardPage() {
  const api = useApi(socialMediaApiRef);
  const [days, setDays] = useState<number>(DEFAULT_DAYS);
  const loaded = useAsyncRetry(() => api.getDashboard({ days }), [api, days]);
  const dashboard = loaded.value;

  let body: ReactNode;
  if (loaded.error) {
    body = (
      <LoadError
        error={loaded.error}
        what="the portfolio dashboard"
        onRetry={loaded.retry}
      />
    );
  } else if (!dashboard) {
    body = <LinearProgress aria-label="Loading the dashboard" />;
  } else {
    body = (
      <Stack spacing={3}>
        {loaded.loading && (
          <LinearProgress aria-label="Refreshing the dashboard" />
        )}
        <Totals dashboard={dashboard} />
        {/* a Box, so that the Stack's spacing leaves the Grid's margins alone */}
        <Box>
          <Grid container spacing={3}>
            {/* Full width at common sizes, so that every stage is named in full under its bar */}
            <Grid item xs={12} xl={6}>
              <StageRiskChart dashboard={dashboard} />
            </Grid>
            <Grid item xs={12} xl={6}>
              <RiskTrendChart
                dashboard={dashboard}
                days={days}
                onDays={setDays}
              />
            </Grid>
            <Grid item xs={12}>
              <OverdueReviews dashboard={dashboard} />
            </Grid>
            <Grid item xs={12}>
              <ItsmSyncSection />
            </Grid>
          </Grid>
        </Box>
      </Stack>
    );
  }

  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs current="Dashboard" />
      <Box>
        <Typography variant="h4" component="h2">
          Portfolio dashboard
        </Typography>
        <Typography variant="body1" sx={{ mt: 1, maxWidth: '70ch' }}>
          How the portfolio stands: services by lifecycle stage and risk, how
          the ratings moved, and which access reviews need attention.
        </Typography>
      </Box>
      <SweepButton onDone={loaded.retry} />
      {body}
    </Stack>
  );
}
