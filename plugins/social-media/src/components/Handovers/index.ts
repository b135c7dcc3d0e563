export { HandoverPage } from './HandoverPage';
export { HandoversTable } from './HandoversTable';
export { ServiceHandoversSection } from './ServiceHandoversSection';
