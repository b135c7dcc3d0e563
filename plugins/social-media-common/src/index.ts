/**
 * Shared types, lifecycle rules, validation and permissions of the social media service
 * catalogue.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './lifecycle';
export * from './validation';
export * from './risk';
export * from './requests';
export * from './handovers';
export * from './evidence';
export * from './ownership';
export * from './demoItsm';
export * from './cmdbExport';
export * from './requestRoles';
