import { useApi } from '@backstage/core-plugin-api';
import {
  handoverInputSchema,
  RETIREMENT_CHECKLIST,
  toValidationProblems,
  type ChecklistAnswers,
  type HandleDisposition,
  type Handover,
  type HandoverKind,
  type SocialService,
} from '@internal/plugin-social-media-common';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { socialMediaApiRef } from '../../api';
import { fieldProblemsOf } from '../../utils/errors';
import { useSuccessNotice } from '../../utils/notify';
import { EntityRefField } from '../ServiceForm/EntityRefField';
import {
  ChangeDialog,
  ChangeDialogActions,
  ChangeError,
} from '../shared/ChangeDialog';
import { ChecklistFields, checklistErrors } from './ChecklistFields';

const TEXT: Record<
  HandoverKind,
  { title: string; explanation: string; submitLabel: string }
> = {
  transfer: {
    title: 'Hand over',
    explanation:
      'The receiving group takes the service over once one of its members accepts, after confirming that admins were reviewed, credentials rotated and the recovery e-mail and phone changed to the new owner’s. Until then nothing changes.',
    submitLabel: 'Ask the group to take it over',
  },
  retirement: {
    title: 'Request retirement of',
    explanation:
      'IT service management approves the retirement. Confirm what has been done: once approved, the service moves to retired with access revoked, and the account is archived (handle kept) or deleted (handle released).',
    submitLabel: 'Request retirement',
  },
};

/**
 * Files a transfer of a service to another group, or a request to retire it,
 * from the service page: the shared rules check it first, the backend's
 * refusals (a request already waiting, a group not in the catalog, a service
 * changed meanwhile) appear as it words them.
 */
export function FileHandoverDialog(props: {
  service: SocialService;
  kind: HandoverKind;
  onClose: () => void;
  onFiled: (handover: Handover) => void;
  onReload: () => void;
}) {
  const { service, kind, onClose, onFiled, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const notify = useSuccessNotice();
  const [toOwnerGroup, setToOwnerGroup] = useState('');
  const [toServiceOwner, setToServiceOwner] = useState('');
  const [reason, setReason] = useState('');
  const [handle, setHandle] = useState<HandleDisposition | ''>('');
  const [checklist, setChecklist] = useState<ChecklistAnswers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const text = TEXT[kind];

  const body =
    kind === 'transfer'
      ? { kind, toOwnerGroup, toServiceOwner, reason, version: service.version }
      : {
          kind,
          reason,
          handle: handle || undefined,
          checklist,
          version: service.version,
        };

  const show = (problems: Array<{ field: string; message: string }>) => {
    const byField: Record<string, string> = {};
    for (const p of problems) byField[p.field] ??= p.message;
    setErrors({ ...byField, ...checklistErrors(problems) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = handoverInputSchema.safeParse(body);
    const problems = parsed.success ? [] : toValidationProblems(parsed.error);
    // Every retirement item must be ticked: say so before asking the backend.
    if (kind === 'retirement') {
      for (const item of RETIREMENT_CHECKLIST) {
        if (checklist[item.id] !== true) {
          problems.push({
            field: `checklist.${item.id}`,
            message: `Not done yet: ${item.label}`,
          });
        }
      }
    }
    if (problems.length) {
      show(problems);
      return;
    }
    setErrors({});
    setSubmitError(undefined);
    setSubmitting(true);
    try {
      const filed = await api.fileHandover(service.id, body as any);
      notify(
        kind === 'transfer'
          ? `Transfer ${filed.id} waits for ${toOwnerGroup} to accept it.`
          : `Retirement ${filed.id} waits for IT service management.`,
      );
      onFiled(filed);
    } catch (error) {
      show(fieldProblemsOf(error));
      setSubmitError(error);
      setSubmitting(false);
    }
  };

  return (
    <ChangeDialog
      title={`${text.title} ${service.name}`}
      submitting={submitting}
      onClose={onClose}
      onSubmit={submit}
    >
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{text.explanation}</DialogContentText>
        <Stack spacing={2}>
          {kind === 'transfer' && (
            <>
              <EntityRefField
                label="Receiving group"
                kind="Group"
                required
                value={toOwnerGroup}
                onChange={setToOwnerGroup}
                error={errors.toOwnerGroup}
                helperText="The catalog Group that will own the service; one of its members accepts."
              />
              <EntityRefField
                label="New service owner"
                kind="User"
                required
                value={toServiceOwner}
                onChange={setToServiceOwner}
                error={errors.toServiceOwner}
                helperText="The person in that group who will answer for the service."
              />
            </>
          )}
          <TextField
            label="Reason"
            required
            multiline
            minRows={2}
            value={reason}
            onChange={event => setReason(event.target.value)}
            error={Boolean(errors.reason)}
            helperText={
              errors.reason ??
              (kind === 'transfer'
                ? 'Why the service changes hands, for the receiving group and the audit trail.'
                : 'Why the service is no longer needed.')
            }
          />
          {kind === 'retirement' && (
            <>
              <FormControl required error={Boolean(errors.handle)}>
                <FormLabel id="handle-disposition">The handle</FormLabel>
                <RadioGroup
                  aria-labelledby="handle-disposition"
                  value={handle}
                  onChange={event =>
                    setHandle(event.target.value as HandleDisposition)
                  }
                >
                  <FormControlLabel
                    value="kept"
                    control={<Radio />}
                    label="Kept: the account stays, archived, so nobody else can take the name"
                  />
                  <FormControlLabel
                    value="released"
                    control={<Radio />}
                    label="Released: the account is deleted"
                  />
                </RadioGroup>
                {errors.handle && (
                  <FormHelperText>{errors.handle}</FormHelperText>
                )}
              </FormControl>
              <ChecklistFields
                legend="Retirement checklist"
                items={RETIREMENT_CHECKLIST}
                answers={checklist}
                onChange={setChecklist}
                errors={errors}
                helperText="Every item must be done before retirement is requested."
              />
            </>
          )}
        </Stack>
        {submitError !== undefined && (
          <ChangeError
            error={submitError}
            onReload={onReload}
            explainConflict
            explainRefusal
          />
        )}
      </DialogContent>
      <ChangeDialogActions
        submitLabel={text.submitLabel}
        submitting={submitting}
        error={submitError}
        onCancel={onClose}
      />
    </ChangeDialog>
  );
}
