export { DemoItsmIncidentPage } from './DemoItsmIncidentPage';
export { DemoItsmIncidentsPage } from './DemoItsmIncidentsPage';
