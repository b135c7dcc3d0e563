export { NewRequestPage, EditRequestPage } from './RequestFormPages';
export { RequestPage } from './RequestPage';
export { RequestsPage } from './RequestsPage';
export { RequestStatusChip } from './RequestStatusChip';
export { useInboxCount } from './useInboxCount';
