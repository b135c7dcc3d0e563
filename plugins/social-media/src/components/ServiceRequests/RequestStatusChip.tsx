import type { ServiceRequestStatus } from '@internal/plugin-social-media-common';
import Chip, { type ChipProps } from '@mui/material/Chip';
import { REQUEST_STATUS_TITLES } from './requestModel';

const COLOURS: Record<ServiceRequestStatus, ChipProps['color']> = {
  draft: 'default',
  submitted: 'info',
  'changes-requested': 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  provisioned: 'success',
};

/** Where a request stands, in words: Draft, Submitted, Changes requested, … */
export function RequestStatusChip(props: {
  status: ServiceRequestStatus;
  size?: 'small' | 'medium';
}) {
  const { status, size = 'small' } = props;
  return (
    <Chip
      size={size}
      color={COLOURS[status]}
      variant={status === 'withdrawn' ? 'outlined' : 'filled'}
      label={REQUEST_STATUS_TITLES[status] ?? status}
      data-status={status}
    />
  );
}
