export { ImportPage, ImportReportView } from './ImportPage';
