export * from './ItsmHttpClient';
export * from './config';
