export { OwnershipSection } from './OwnershipSection';
export { OwnershipReportPage } from './OwnershipReportPage';
