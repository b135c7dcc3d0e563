import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialServiceUpdatePermission,
  type Leaver,
  type ServiceAdmin,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { ADMIN_ROLE_TITLES, formatDate } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { Section } from '../shared/Section';
import { AdminsDialog } from './AdminsDialog';
import { wrapBetweenWords } from '../shared/tableText';

/**
 * The people who hold access to the account; those who left the organisation
 * (the page warns about them above) and external logins stand out. With a
 * service to edit, it offers those who may change it to record them.
 */
export function AdminsSection(props: {
  admins: ServiceAdmin[];
  leavers?: Leaver[];
  /** The service whose admins can be edited here, with what follows a save. */
  edit?: {
    service: SocialServiceDetails;
    onSaved: (service: SocialServiceDetails) => void;
    onReload: () => void;
  };
}) {
  const { admins, edit } = props;
  const [open, setOpen] = useState(false);
  const { allowed: mayEdit } = usePermission({
    permission: socialServiceUpdatePermission,
    resourceRef: edit?.service.id,
  });
  const leaverAccounts = new Set(
    (props.leavers ?? []).flatMap(l => (l.account ? [l.account] : [])),
  );
  const hasLeft = (admin: ServiceAdmin) =>
    !admin.inOrganisation || leaverAccounts.has(admin.account);
  return (
    <Section
      title="Admins"
      action={
        edit &&
        mayEdit && (
          <Button
            variant={admins.length ? 'outlined' : 'contained'}
            startIcon={<ManageAccountsIcon />}
            onClick={() => setOpen(true)}
          >
            {admins.length ? 'Edit admins' : 'Record admins'}
          </Button>
        )
      }
    >
      {admins.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No admins recorded. Record who holds access to the account so that
          leavers can be spotted.
        </Typography>
      ) : (
        <TableContainer>
          <Table size="small" sx={wrapBetweenWords} aria-label="Admins">
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
                      <Tooltip title="Not linked to a person in the catalog: leaver detection cannot follow this login">
                        <Chip size="small" color="warning" label="External" />
                      </Tooltip>
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
      {open && edit && (
        <AdminsDialog
          service={edit.service}
          onClose={() => setOpen(false)}
          onSaved={saved => {
            setOpen(false);
            edit.onSaved(saved);
          }}
          onReload={() => {
            setOpen(false);
            edit.onReload();
          }}
        />
      )}
    </Section>
  );
}
