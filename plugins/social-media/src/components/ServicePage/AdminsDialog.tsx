import { useApi } from '@backstage/core-plugin-api';
import {
  ADMIN_ROLES,
  adminsInputSchema,
  toValidationProblems,
  type AdminRole,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { fieldProblemsOf } from '../../utils/errors';
import { ADMIN_ROLE_TITLES } from '../../utils/format';
import { useSuccessNotice } from '../../utils/notify';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';
import { EntityRefField } from '../ServiceForm/EntityRefField';

interface AdminRow {
  /** Stable key of the row while it is edited. */
  key: number;
  account: string;
  userRef: string;
  role: AdminRole;
}

/**
 * Records who holds access to the account: add, remove and change the role of
 * its admins, each linked to a person in the catalog or, for an external login
 * (an agency, say), to no one. Saved as a whole, based on the version shown.
 */
export function AdminsDialog(props: {
  service: SocialServiceDetails;
  onClose: () => void;
  /** Called after saving, with the service as it is now. */
  onSaved: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload: () => void;
}) {
  const { service, onClose, onSaved, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const nextKey = useRef(service.admins.length);
  const [rows, setRows] = useState<AdminRow[]>(() =>
    service.admins.map((admin, index) => ({
      key: index,
      account: admin.account,
      userRef: admin.userRef ?? '',
      role: admin.role,
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);

  const change = (key: number, patch: Partial<AdminRow>) =>
    setRows(previous =>
      previous.map(row => (row.key === key ? { ...row, ...patch } : row)),
    );
  const add = () =>
    setRows(previous => [
      ...previous,
      { key: nextKey.current++, account: '', userRef: '', role: 'editor' },
    ]);
  const remove = (key: number) =>
    setRows(previous => previous.filter(row => row.key !== key));

  /** Messages by `<row index>.<field>`, from problems named `admins.<index>.<field>`. */
  const toRowErrors = (problems: Array<{ field: string; message: string }>) =>
    Object.fromEntries(
      problems.map(p => [p.field.replace(/^admins\./, ''), p.message]),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = adminsInputSchema.safeParse({
      version: service.version,
      admins: rows.map(row => ({
        account: row.account,
        ...(row.userRef.trim() ? { userRef: row.userRef.trim() } : {}),
        role: row.role,
      })),
    });
    if (!parsed.success) {
      setErrors(toRowErrors(toValidationProblems(parsed.error)));
      return;
    }
    setErrors({});
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const saved = await api.replaceAdmins(service.id, parsed.data);
      const leavers = saved.leavers.filter(l => l.role === 'admin').length;
      notify(
        `Admins of ${service.name} saved${
          leavers
            ? `: ${leavers} ${
                leavers === 1 ? 'person has' : 'people have'
              } left the organisation`
            : ''
        }.`,
      );
      onSaved(saved);
    } catch (error) {
      setSubmitError(error);
      setErrors(toRowErrors(fieldProblemsOf(error)));
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={<>Admins of {service.name}</>}
      maxWidth="md"
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Record everyone who can log in to the account or act for it. Link each
          to a person in the catalog, so that leaver detection notices when they
          leave; an external login (an agency, say) may stay unlinked, and is
          flagged as external. The change is recorded in the history and the
          risk rating follows it.
        </DialogContentText>
        <Stack spacing={2}>
          {rows.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              No admins. Add the people who hold access.
            </Typography>
          )}
          {rows.map((row, index) => (
            <Grid
              container
              spacing={2}
              key={row.key}
              role="group"
              aria-label={`Admin ${index + 1}`}
              alignItems="flex-start"
            >
              <Grid item xs={12} sm={4}>
                <TextField
                  label="Account"
                  fullWidth
                  required
                  value={row.account}
                  onChange={event =>
                    change(row.key, { account: event.target.value })
                  }
                  error={Boolean(errors[`${index}.account`])}
                  helperText={
                    errors[`${index}.account`] ?? 'The login on the platform'
                  }
                />
              </Grid>
              <Grid item xs={12} sm={4}>
                <EntityRefField
                  label="Person"
                  kind="User"
                  value={row.userRef}
                  onChange={userRef => change(row.key, { userRef })}
                  error={errors[`${index}.userRef`]}
                  helperText={
                    row.userRef.trim()
                      ? 'The catalog User behind the login'
                      : 'None: an external login, which leaver detection cannot follow'
                  }
                />
              </Grid>
              <Grid item xs={9} sm={3}>
                <TextField
                  select
                  label="Role"
                  fullWidth
                  value={row.role}
                  onChange={event =>
                    change(row.key, { role: event.target.value as AdminRole })
                  }
                  SelectProps={{ native: true }}
                >
                  {ADMIN_ROLES.map(role => (
                    <option key={role} value={role}>
                      {ADMIN_ROLE_TITLES[role]}
                    </option>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={3} sm={1}>
                <IconButton
                  aria-label={`Remove ${row.account || `admin ${index + 1}`}`}
                  onClick={() => remove(row.key)}
                  sx={{ mt: 1 }}
                >
                  <DeleteIcon />
                </IconButton>
              </Grid>
            </Grid>
          ))}
          <div>
            <Button startIcon={<AddIcon />} onClick={add}>
              Add admin
            </Button>
          </div>
        </Stack>
        {errors[''] && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {errors['']}
          </Alert>
        )}
        {submitError !== undefined && (
          <ChangeError error={submitError} onReload={onReload} />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel="Save admins"
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
