import {
  LIFECYCLE_STAGE_TITLES,
  type LifecycleStage,
} from '@internal/plugin-social-media-common';
import Chip, { type ChipProps } from '@mui/material/Chip';

/** The theme colour of each stage's chip; retired services' chips are filled, the others outlined. */
export const LIFECYCLE_STAGE_CHIP_COLOURS: Record<
  LifecycleStage,
  NonNullable<ChipProps['color']>
> = {
  strategy: 'default',
  design: 'info',
  transition: 'secondary',
  operation: 'success',
  improvement: 'primary',
  retired: 'default',
};

/**
 * The ITIL lifecycle stage of a service as a chip.
 *
 * @public
 */
export function LifecycleStageChip(props: {
  stage: LifecycleStage;
  size?: 'small' | 'medium';
}) {
  const { stage, size = 'small' } = props;
  return (
    <Chip
      size={size}
      variant={stage === 'retired' ? 'filled' : 'outlined'}
      color={LIFECYCLE_STAGE_CHIP_COLOURS[stage]}
      label={LIFECYCLE_STAGE_TITLES[stage] ?? stage}
      data-stage={stage}
    />
  );
}
