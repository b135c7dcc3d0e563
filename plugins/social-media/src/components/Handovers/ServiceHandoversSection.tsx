import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialServiceTransitionPermission,
  socialServiceUpdatePermission,
  type HandoverKind,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { socialMediaApiRef } from '../../api';
import { handoverRouteRef } from '../../routes';
import { formatDate } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { Section } from '../shared/Section';
import { FileHandoverDialog } from './FileHandoverDialog';
import { handoverTitle } from './handoverModel';
import { HandoverStatusChip } from './HandoverStatusChip';

/**
 * Handing the service to another group and retiring it, as requests: the one
 * waiting (if any), the earlier ones, and for those allowed the buttons that
 * file a new one.
 */
export function ServiceHandoversSection(props: {
  service: SocialServiceDetails;
  onReload: () => void;
}) {
  const { service, onReload } = props;
  const api = useApi(socialMediaApiRef);
  const navigate = useNavigate();
  const handoverLink = useRouteRef(handoverRouteRef);
  const { allowed: mayTransfer } = usePermission({
    permission: socialServiceUpdatePermission,
    resourceRef: service.id,
  });
  const { allowed: mayRetire } = usePermission({
    permission: socialServiceTransitionPermission,
    resourceRef: service.id,
  });
  const list = useAsyncRetry(
    () => api.listServiceHandovers(service.id),
    [api, service.id, service.version],
  );
  const [dialog, setDialog] = useState<HandoverKind>();
  const items = list.value?.items ?? [];
  const waiting = items.find(h => h.status === 'submitted');
  const retired = service.lifecycleStage === 'retired';
  // A handover names the owners it hands over from: the backend files none from owners written
  // into the record outside the catalogue.
  const ownersChanged = Boolean(
    service.recordProblems?.some(
      p => p.field === 'ownerGroup' || p.field === 'serviceOwner',
    ),
  );

  return (
    <Section title="Handover and retirement">
      <Stack spacing={1.5}>
        {waiting ? (
          <Alert severity="info">
            <Link
              component={RouterLink}
              to={handoverLink({ id: String(waiting.id) })}
            >
              {handoverTitle(waiting)}
            </Link>{' '}
            {waiting.kind === 'transfer' ? (
              <>
                waits for{' '}
                <EntityRef entityRef={waiting.deciders[0]} kind="group" /> to
                accept it.
              </>
            ) : (
              'waits for IT service management to approve it.'
            )}
          </Alert>
        ) : (
          !retired &&
          (ownersChanged ? (
            <Alert severity="warning">
              No transfer or retirement can be filed while the owner group or
              service owner differs from what the catalogue recorded (listed
              above): its owners put the record right first.
            </Alert>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Handing the service to another group, or retiring it, is a
              request: the receiving group accepts a transfer, IT service
              management approves a retirement, each with its checklist.
            </Typography>
          ))
        )}
        {!retired && (mayTransfer || mayRetire) && (
          <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
            {mayTransfer && (
              <Button
                variant="outlined"
                disabled={Boolean(waiting) || ownersChanged}
                onClick={() => setDialog('transfer')}
              >
                Hand over to another group
              </Button>
            )}
            {mayRetire && (
              <Button
                variant="outlined"
                color="error"
                disabled={Boolean(waiting) || ownersChanged}
                onClick={() => setDialog('retirement')}
              >
                Request retirement
              </Button>
            )}
          </Stack>
        )}
        {items.filter(h => h !== waiting).length > 0 && (
          <Box
            component="ul"
            aria-label="Earlier transfers and retirements"
            sx={{ m: 0, pl: 2.5 }}
          >
            {items
              .filter(h => h !== waiting)
              .map(h => (
                <Typography component="li" variant="body2" key={h.id}>
                  <Link
                    component={RouterLink}
                    to={handoverLink({ id: String(h.id) })}
                  >
                    {handoverTitle(h).split(':')[0]}
                  </Link>{' '}
                  of {formatDate(h.createdAt)}{' '}
                  <HandoverStatusChip kind={h.kind} status={h.status} />
                </Typography>
              ))}
          </Box>
        )}
      </Stack>
      {dialog && (
        <FileHandoverDialog
          service={service}
          kind={dialog}
          onClose={() => setDialog(undefined)}
          onFiled={filed => {
            setDialog(undefined);
            navigate(handoverLink({ id: String(filed.id) }));
          }}
          onReload={() => {
            setDialog(undefined);
            onReload();
            list.retry();
          }}
        />
      )}
    </Section>
  );
}
