import { useRouteRef } from '@backstage/core-plugin-api';
import type {
  ServiceSortField,
  SocialService,
} from '@internal/plugin-social-media-common';
import { styled } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { memo, type CSSProperties, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { serviceRouteRef } from '../../routes';
import { PlatformLabel } from '../PlatformIcon';
import { EntityRef } from '../shared/EntityRef';
import { CatalogueView, PAGE_SIZES } from './catalogueView';
import { useRestOfPageAllowed } from './useServiceList';
import { wrapBetweenWords } from '../shared/tableText';
import {
  CELL,
  ComplianceCell,
  LeaversCell,
  DamagedRecordCell,
  RiskCell,
  StageCell,
  catalogueRowStyles,
  catalogueTableStyles,
} from './tableCells';

interface Column {
  title: string;
  sort?: ServiceSortField;
  align?: 'right';
  nowrap?: boolean;
  render: (service: SocialService, serviceLink: string) => ReactNode;
}

/** Inline style of the cells that do not wrap. */
const NOWRAP: CSSProperties = { whiteSpace: 'nowrap' };

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
    render: (s, link) => (
      <>
        <RouterLink className={`${CELL.link} ${CELL.name}`} to={link}>
          {s.name}
        </RouterLink>
        {/* The account's handle under its name, whole (read and copied as it is): a column of
            its own left the open incidents out of sight on a laptop screen. */}
        <p className={CELL.handle}>{s.handle}</p>
        <LeaversCell count={s.leaverCount} />
        <DamagedRecordCell problems={s.recordProblems} />
      </>
    ),
  },
  {
    title: 'Owner group',
    sort: 'ownerGroup',
    render: s => (
      <EntityRef
        entityRef={s.ownerGroup}
        kind="group"
        linkClassName={CELL.link}
      />
    ),
  },
  {
    title: 'Lifecycle stage',
    sort: 'lifecycleStage',
    render: s => (
      <div className={CELL.chips}>
        <StageCell stage={s.lifecycleStage} />
        <ComplianceCell compliance={s.compliance} />
      </div>
    ),
  },
  {
    title: 'Risk',
    sort: 'riskRating',
    render: s => <RiskCell rating={s.riskRating} />,
  },
  {
    title: 'Open incidents',
    sort: 'openIncidentCount',
    align: 'right',
    render: s => (
      <span className={CELL.count} data-open={s.openIncidentCount > 0}>
        {s.openIncidentCount}
      </span>
    ),
  },
];

/**
 * The pager below the rows, drawn once the rows are on the screen (when the page lets the rest
 * of it in, see {@link useRestOfPageAllowed}): below 25 rows it is out of sight when the page
 * opens, and its select, menu and buttons took about a fifth of the page's own time before the
 * first row showed. Nothing is below it to move when it appears (the status box appears with
 * it). A component of its own, so that only it renders again then, not the rows.
 */
function CataloguePager(props: {
  count: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}) {
  const { count, page, pageSize, onPage, onPageSize } = props;
  if (!useRestOfPageAllowed()) return null;
  return (
    <TablePagination
      component="div"
      count={count}
      page={page}
      rowsPerPage={pageSize}
      rowsPerPageOptions={[...PAGE_SIZES]}
      onPageChange={(_event, next) => onPage(next + 1)}
      onRowsPerPageChange={event => onPageSize(Number(event.target.value))}
      labelRowsPerPage="Services per page"
    />
  );
}

/**
 * The table with the styles of its rows, cells and their contents: one set for the whole
 * table at each of its renders, not one per cell. Through `styled` rather than `sx`, which would read a theme's plain numbers (a
 * cell's `borderBottom: 0`, say) as its own shorthands.
 */
const CatalogueTable = styled(Table)(({ theme }) => ({
  ...catalogueRowStyles(theme),
  ...wrapBetweenWords,
  ...catalogueTableStyles(theme),
}));

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
  const lastPage = Math.max(0, Math.ceil(totalCount / view.pageSize) - 1);

  return (
    <>
      <TableContainer>
        <CatalogueTable size="small" aria-label="Social media services">
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
            {/* Plain rows and cells, styled once for the table (see tableCells.tsx). */}
            {items.map(service => {
              const link = serviceLink({ id: service.id });
              return (
                <tr key={service.id} className={CELL.row}>
                  {COLUMNS.map(column => (
                    <td
                      key={column.title}
                      className={CELL.cell}
                      data-align={column.align}
                      style={column.nowrap ? NOWRAP : undefined}
                    >
                      {column.render(service, link)}
                    </td>
                  ))}
                </tr>
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
        </CatalogueTable>
      </TableContainer>
      {totalCount > 0 && (
        <CataloguePager
          count={totalCount}
          page={Math.min(view.page - 1, lastPage)}
          pageSize={view.pageSize}
          onPage={onPage}
          onPageSize={onPageSize}
        />
      )}
    </>
  );
});
