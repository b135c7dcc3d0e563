import type { ServiceAdmin } from '@internal/plugin-social-media-common';
import WarningIcon from '@mui/icons-material/Warning';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
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

/** The people who hold access to the account; leavers stand out. */
export function AdminsSection(props: { admins: ServiceAdmin[] }) {
  const { admins } = props;
  const leavers = admins.filter(a => !a.inOrganisation);
  return (
    <Section title="Admins">
      {leavers.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {leavers.length === 1
            ? `${leavers[0].account} has left the organisation but still holds access. Remove it on the platform.`
            : `${
                leavers.length
              } admins have left the organisation but still hold access: ${leavers
                .map(a => a.account)
                .join(', ')}. Remove them on the platform.`}
        </Alert>
      )}
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
                  sx={
                    admin.inOrganisation
                      ? undefined
                      : { bgcolor: 'rgba(211, 47, 47, 0.08)' }
                  }
                >
                  <TableCell>{admin.account}</TableCell>
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
                    {admin.inOrganisation ? (
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
