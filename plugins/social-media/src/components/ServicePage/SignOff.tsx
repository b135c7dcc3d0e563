import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialServiceSignOffPermission,
  type RiskRating,
  type RiskSignOff,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { formatDate } from '../../utils/format';
import { RISK_RATING_TITLES } from '../RiskBadge';
import { EntityRef } from '../shared/EntityRef';
import { currentRating } from '../shared/guardianship';
import { SignOffDialog } from './SignOffDialog';

function ratingInWords(rating: RiskRating): string {
  return RISK_RATING_TITLES[rating].toLocaleLowerCase('en-US');
}

/**
 * Who signed off the risk rating, when, for which rating and why; that the
 * sign-off is stale once the rating changed; or that nobody signed one.
 * Read from the sign-off record only, wherever the page shows it.
 */
export function SignOffStatement(props: {
  signOff?: RiskSignOff;
  /** The rating as it is now, named in the stale warning. */
  rating?: RiskRating;
}) {
  const { signOff, rating } = props;
  if (!signOff) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        Not signed off
      </Typography>
    );
  }
  return (
    <Stack component="span" spacing={0.5}>
      <Typography component="span" variant="body2">
        Signed off by <EntityRef entityRef={signOff.signedBy} kind="user" /> on{' '}
        <time dateTime={signOff.signedAt}>{formatDate(signOff.signedAt)}</time>{' '}
        for a {ratingInWords(signOff.rating)} rating — {signOff.note}
      </Typography>
      {signOff.stale && (
        <Box
          component="span"
          sx={{
            display: 'flex',
            alignItems: 'center',
            gap: 0.5,
            color: 'warning.dark',
          }}
        >
          <WarningIcon fontSize="small" aria-hidden />
          <Typography component="span" variant="body2" fontWeight={600}>
            Stale: the rating changed since this sign-off
            {rating && rating !== signOff.rating
              ? ` (it is ${ratingInWords(rating)} now)`
              : ''}
            . It needs a new sign-off.
          </Typography>
        </Box>
      )}
    </Stack>
  );
}

/**
 * The sign-off of the risk rating in the risk panel: the statement, and for
 * those allowed to sign (the service owner, the security office) the button
 * that signs the current rating off in their name.
 */
export function SignOffBlock(props: {
  service: SocialServiceDetails;
  /** Called after a sign-off, with the service as it is now. */
  onSignedOff?: (service: SocialServiceDetails) => void;
  /** Called when the user wants the latest version after a conflict. */
  onReload?: () => void;
}) {
  const { service, onSignedOff, onReload } = props;
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const { allowed } = usePermission({
    permission: socialServiceSignOffPermission,
    resourceRef: service.id,
  });
  const { signOff } = service;
  const canSign = allowed && Boolean(service.risk) && Boolean(onSignedOff);
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Stack
        direction="row"
        justifyContent="space-between"
        alignItems="center"
        spacing={2}
        sx={{ mb: 0.5 }}
      >
        <Typography
          variant="subtitle1"
          component="h4"
          fontWeight={600}
          id={headingId}
        >
          Sign-off
        </Typography>
        {canSign && (
          <Button
            size="small"
            variant={signOff && !signOff.stale ? 'outlined' : 'contained'}
            startIcon={<HowToRegIcon />}
            onClick={() => setOpen(true)}
          >
            Sign off
          </Button>
        )}
      </Stack>
      <SignOffStatement signOff={signOff} rating={currentRating(service)} />
      {open && service.risk && onSignedOff && (
        <SignOffDialog
          service={service}
          onClose={() => setOpen(false)}
          onSignedOff={signed => {
            setOpen(false);
            onSignedOff(signed);
          }}
          onReload={() => {
            setOpen(false);
            onReload?.();
          }}
        />
      )}
    </Box>
  );
}
