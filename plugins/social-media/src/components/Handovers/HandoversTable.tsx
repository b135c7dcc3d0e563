import { useRouteRef } from '@backstage/core-plugin-api';
import type { Handover } from '@internal/plugin-social-media-common';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { Link as RouterLink } from 'react-router-dom';
import { handoverRouteRef } from '../../routes';
import { formatDateTime } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { HANDOVER_KIND_TITLES } from './handoverModel';
import { HandoverStatusChip } from './HandoverStatusChip';
import { wrapBetweenWords } from '../shared/tableText';

/** Transfers and retirements in a list: what, of which service, where it stands. */
export function HandoversTable(props: { label: string; items: Handover[] }) {
  const { label, items } = props;
  const handoverLink = useRouteRef(handoverRouteRef);
  return (
    <TableContainer>
      <Table size="small" sx={wrapBetweenWords} aria-label={label}>
        <TableHead>
          <TableRow>
            {['Request', 'Service', 'To', 'Status', 'Filed by', 'Updated'].map(
              title => (
                <TableCell
                  key={title}
                  sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                >
                  {title}
                </TableCell>
              ),
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(h => (
            <TableRow key={h.id} hover>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Link
                  component={RouterLink}
                  to={handoverLink({ id: String(h.id) })}
                  fontWeight={500}
                >
                  {HANDOVER_KIND_TITLES[h.kind]} {h.id}
                </Link>
              </TableCell>
              <TableCell>{h.serviceName}</TableCell>
              <TableCell>
                {h.kind === 'transfer' ? (
                  <EntityRef entityRef={h.toOwnerGroup ?? ''} kind="group" />
                ) : (
                  'Retired'
                )}
              </TableCell>
              <TableCell>
                <HandoverStatusChip kind={h.kind} status={h.status} />
              </TableCell>
              <TableCell>
                <EntityRef entityRef={h.requester} kind="user" />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <time dateTime={h.updatedAt}>
                  {formatDateTime(h.updatedAt)}
                </time>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
