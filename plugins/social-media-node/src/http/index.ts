export * from './ItsmHttpClient';
