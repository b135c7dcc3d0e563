/**
 * Extension points for backend modules of the social media service catalogue.
 *
 * @packageDocumentation
 */
export * from './connectors';
export * from './extensions';
export * from './http';
export * from './permissions';
export * from './timestamps';
