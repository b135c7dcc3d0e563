export {
  ComplianceBadge,
  COMPLIANCE_BADGE_COLOURS,
  complianceBadgeTitle,
} from './ComplianceBadge';
