import { useRouteRef } from '@backstage/core-plugin-api';
import type {
  ServiceSortField,
  SocialService,
} from '@internal/plugin-social-media-common';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { memo, useMemo, type CSSProperties, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { serviceRouteRef } from '../../routes';
import { ComplianceBadge } from '../ComplianceBadge';
import { LifecycleStageChip } from '../LifecycleStageChip';
import { PlatformLabel } from '../PlatformIcon';
import { RiskBadge } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { CatalogueView, PAGE_SIZES } from './catalogueView';
import { wrapBetweenWords } from '../shared/tableText';

/**
 * Inline styles of the cells' contents, from the theme once per table: a page
 * has 25 to 100 rows, and styles computed for every cell of every row were a
 * good part of the time until the first row showed.
 */
interface CellStyles {
  nowrap: CSSProperties;
  chips: CSSProperties;
}

interface Column {
  title: string;
  sort?: ServiceSortField;
  align?: 'right';
  nowrap?: boolean;
  render: (
    service: SocialService,
    serviceLink: string,
    styles: CellStyles,
  ) => ReactNode;
}

const COLUMNS: Column[] = [
  {
    title: 'Platform',
    sort: 'platform',
    nowrap: true,
    render: s => <PlatformLabel platform={s.platform} />,
  },
  {
    title: 'Name',
    sort: 'name',
    render: (s, link, styles) => (
      <>
        <Link component={RouterLink} to={link} fontWeight={500}>
          {s.name}
        </Link>
        {/* The account's handle under its name, whole (read and copied as it is): a column of
            its own left the open incidents out of sight on a laptop screen. */}
        <Typography
          variant="body2"
          color="text.secondary"
          style={styles.nowrap}
        >
          {s.handle}
        </Typography>
        {s.leaverCount > 0 && (
          <Chip
            size="small"
            color="error"
            variant="outlined"
            label={
              s.leaverCount === 1
                ? '1 leaver with access'
                : `${s.leaverCount} leavers with access`
            }
            sx={{ mt: 0.5 }}
          />
        )}
      </>
    ),
  },
  {
    title: 'Owner group',
    sort: 'ownerGroup',
    render: s => <EntityRef entityRef={s.ownerGroup} kind="group" />,
  },
  {
    title: 'Lifecycle stage',
    sort: 'lifecycleStage',
    render: (s, _link, styles) => (
      <div style={styles.chips}>
        <LifecycleStageChip stage={s.lifecycleStage} />
        <ComplianceBadge compliance={s.compliance} />
      </div>
    ),
  },
  {
    title: 'Risk',
    sort: 'riskRating',
    render: s => <RiskBadge rating={s.riskRating} />,
  },
  {
    title: 'Open incidents',
    sort: 'openIncidentCount',
    align: 'right',
    render: s => (
      <Typography
        component="span"
        variant="body2"
        fontWeight={s.openIncidentCount > 0 ? 700 : undefined}
        color={s.openIncidentCount > 0 ? 'error' : undefined}
      >
        {s.openIncidentCount}
      </Typography>
    ),
  },
];

/**
 * One page of services: sortable by the column headers, paged at the foot.
 * Sorting and paging are asked of the backend. Rendered again only when its
 * props change (not when the page around it learns, say, the inbox count).
 */
export const ServicesTable = memo(function ServicesTableInner(props: {
  items: SocialService[];
  totalCount: number;
  view: CatalogueView;
  onSort: (sort: ServiceSortField, order: 'asc' | 'desc') => void;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
  emptyState?: ReactNode;
}) {
  const { items, totalCount, view, onSort, onPage, onPageSize } = props;
  const serviceLink = useRouteRef(serviceRouteRef);
  const theme = useTheme();
  const styles = useMemo<CellStyles>(
    () => ({
      nowrap: { whiteSpace: 'nowrap' },
      // as a row Stack with spacing 0.5 and useFlexGap would lay them out
      chips: {
        display: 'flex',
        flexDirection: 'row',
        flexWrap: 'wrap',
        gap: theme.spacing(0.5),
      },
    }),
    [theme],
  );
  const lastPage = Math.max(0, Math.ceil(totalCount / view.pageSize) - 1);

  return (
    <>
      <TableContainer>
        <Table
          size="small"
          sx={wrapBetweenWords}
          aria-label="Social media services"
        >
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => {
                const active = column.sort === view.sort;
                return (
                  <TableCell
                    key={column.title}
                    align={column.align}
                    sortDirection={active ? view.order : false}
                    sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                  >
                    {column.sort ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? view.order : 'asc'}
                        onClick={() =>
                          onSort(
                            column.sort!,
                            active && view.order === 'asc' ? 'desc' : 'asc',
                          )
                        }
                      >
                        {column.title}
                      </TableSortLabel>
                    ) : (
                      column.title
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(service => {
              const link = serviceLink({ id: service.id });
              return (
                <TableRow key={service.id} hover>
                  {COLUMNS.map(column => (
                    <TableCell
                      key={column.title}
                      align={column.align}
                      style={column.nowrap ? styles.nowrap : undefined}
                    >
                      {column.render(service, link, styles)}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length} sx={{ py: 4 }}>
                  {props.emptyState}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {totalCount > 0 && (
        <TablePagination
          component="div"
          count={totalCount}
          page={Math.min(view.page - 1, lastPage)}
          rowsPerPage={view.pageSize}
          rowsPerPageOptions={[...PAGE_SIZES]}
          onPageChange={(_event, page) => onPage(page + 1)}
          onRowsPerPageChange={event => onPageSize(Number(event.target.value))}
          labelRowsPerPage="Services per page"
        />
      )}
    </>
  );
});
