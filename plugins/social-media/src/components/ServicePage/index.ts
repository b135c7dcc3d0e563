export { ServicePage } from './ServicePage';
export { ServiceDetails } from './ServiceDetails';
