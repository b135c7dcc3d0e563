import type { RiskRating } from '@internal/plugin-social-media-common';
import Chip from '@mui/material/Chip';

/**
 * Display names of the risk ratings.
 *
 * @public
 */
export const RISK_RATING_TITLES: Record<RiskRating, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/**
 * Fixed colours of the ratings, so that a rating reads the same in every
 * theme (badges, charts); each pair keeps a contrast ratio of at least 4.5:1.
 *
 * @public
 */
export const RISK_RATING_COLOURS: Record<
  RiskRating,
  { background: string; text: string }
> = {
  low: { background: '#2e7d32', text: '#ffffff' },
  medium: { background: '#f9a825', text: '#000000' },
  high: { background: '#d84315', text: '#ffffff' },
  critical: { background: '#b71c1c', text: '#ffffff' },
};

/**
 * Properties of the {@link RiskBadge}.
 *
 * @public
 */
export interface RiskBadgeProps {
  /** The rating; absent until the risk engine first rates the service. */
  rating?: RiskRating;
  size?: 'small' | 'medium';
}

/**
 * The risk rating of a service as a coloured badge: low (green), medium
 * (amber), high (orange), critical (red), or "Not rated".
 *
 * @public
 */
export function RiskBadge(props: RiskBadgeProps) {
  const { rating, size = 'small' } = props;
  if (!rating) {
    return (
      <Chip
        size={size}
        variant="outlined"
        label="Not rated"
        title="Risk rating: not rated yet"
        data-risk="none"
      />
    );
  }
  const colour = RISK_RATING_COLOURS[rating];
  return (
    <Chip
      size={size}
      label={RISK_RATING_TITLES[rating]}
      title={`Risk rating: ${RISK_RATING_TITLES[rating]}`}
      data-risk={rating}
      sx={{
        backgroundColor: colour.background,
        color: colour.text,
        fontWeight: 600,
      }}
    />
  );
}
