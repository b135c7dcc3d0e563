export {
  RiskBadge,
  RISK_RATING_COLOURS,
  RISK_RATING_TITLES,
  riskRatingTitle,
} from './RiskBadge';
export type { RiskBadgeProps } from './RiskBadge';
