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
        title={riskRatingTitle(rating)}
        data-risk="none"
      />
    );
  }
  const colour = RISK_RATING_COLOURS[rating];
  return (
    <Chip
      size={size}
      label={RISK_RATING_TITLES[rating]}
      title={riskRatingTitle(rating)}
      data-risk={rating}
      sx={{
        backgroundColor: colour.background,
        color: colour.text,
        fontWeight: 600,
      }}
    />
  );
}

/** What a rating's badge says on hover, e.g. "Risk rating: High". */
export function riskRatingTitle(rating?: RiskRating): string {
  return rating
    ? `Risk rating: ${RISK_RATING_TITLES[rating]}`
    : 'Risk rating: not rated yet';
}
