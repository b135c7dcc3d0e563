/**
 * Test utilities for ITSM connector modules: the real social-media backend with a module's
 * connector, started in a test backend and driven through the REST API, and the cases every
 * module passes there; and the REST API's OpenAPI spec, for tests that call every operation. Only
 * this entry point uses Jest's globals; the main entry point does not.
 *
 * @packageDocumentation
 */
// This entry point is itself a test utility: it exposes the package's test helpers, which use
// test-only packages, to the connector modules' tests. Nothing in the plugin imports it.
/* eslint-disable no-restricted-imports */
export {
  createItsmModuleTestBackend,
  describeItsmModuleInstallation,
  describeItsmModuleSync,
  RecordedLogs,
  startItsmModuleAlone,
} from './__testUtils__/itsmModuleHarness';
export type {
  ItsmConfigBlock,
  ItsmModuleSyncAdapter,
  ItsmModuleTestBackend,
  ItsmModuleTestBackendOptions,
  ItsmModuleTestHarness,
  MappedServiceInput,
  RecordedLogEntry,
} from './__testUtils__/itsmModuleHarness';
/**
 * The OpenAPI spec the router validates every request against, e.g. for tests that call every
 * operation of the API.
 */
export { spec as socialMediaOpenApiSpec } from './schema/openapi.generated';
/** A complete request for a new account, as the REST API takes it. */
export { aNewServiceRequest } from './__testUtils__/serviceRequestBodies';
