export { CreateServicePage, EditServicePage } from './ServiceFormPages';
