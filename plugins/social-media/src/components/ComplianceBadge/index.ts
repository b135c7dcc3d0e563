export { ComplianceBadge } from './ComplianceBadge';
