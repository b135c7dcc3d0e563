import type {
  Leaver,
  ServiceAdmin,
} from '@internal/plugin-social-media-common';
import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ADMIN_ROLE_TITLES, formatDate } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { NotSet, Section } from '../shared/Section';

/**
 * The people who hold access to the account; those who left the organisation
 * (the page warns about them above) stand out.
 */
export function AdminsSection(props: {
  admins: ServiceAdmin[];
  leavers?: Leaver[];
}) {
  const { admins } = props;
  const leaverAccounts = new Set(
    (props.leavers ?? []).flatMap(l => (l.account ? [l.account] : [])),
  );
  const hasLeft = (admin: ServiceAdmin) =>
    !admin.inOrganisation || leaverAccounts.has(admin.account);
  return (
    <Section title="Admins">
      {admins.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No admins recorded. Record who holds access to the account so that
          leavers can be spotted.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label="Admins">
            <TableHead>
              <TableRow>
                <TableCell>Account</TableCell>
                <TableCell>User</TableCell>
                <TableCell>Role</TableCell>
                <TableCell>In organisation</TableCell>
                <TableCell>Added</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {admins.map(admin => (
                <TableRow
                  key={admin.account}
                  data-leaver={hasLeft(admin) ? 'true' : undefined}
                  sx={
                    hasLeft(admin)
                      ? { bgcolor: 'rgba(211, 47, 47, 0.08)' }
                      : undefined
                  }
                >
                  <TableCell>
                    {admin.account}
                    {hasLeft(admin) && (
                      <Chip
                        size="small"
                        color="error"
                        label="Leaver"
                        sx={{ ml: 1 }}
                      />
                    )}
                  </TableCell>
                  <TableCell>
                    {admin.userRef ? (
                      <EntityRef entityRef={admin.userRef} kind="user" />
                    ) : (
                      <NotSet>Unknown</NotSet>
                    )}
                  </TableCell>
                  <TableCell>
                    {ADMIN_ROLE_TITLES[admin.role] ?? admin.role}
                  </TableCell>
                  <TableCell>
                    {!hasLeft(admin) ? (
                      'Yes'
                    ) : (
                      <Box
                        component="span"
                        sx={{
                          display: 'inline-flex',
                          alignItems: 'center',
                          gap: 0.5,
                          color: 'error.main',
                          fontWeight: 600,
                        }}
                      >
                        <WarningIcon fontSize="small" aria-hidden />
                        No, left the organisation
                      </Box>
                    )}
                  </TableCell>
                  <TableCell>{formatDate(admin.addedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Section>
  );
}
