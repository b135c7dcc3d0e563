/**
 * Test utilities of the ServiceNow connector: a local ServiceNow-format server (Table API wire
 * format, basic and OAuth auth, faults injected per request) for tests and benchmarks of other
 * packages, which should not reach into this package's private files.
 *
 * @packageDocumentation
 */
export {
  FAKE_RECORD_TABLES,
  FakeServiceNow,
  newSysId,
} from './testUtils/FakeServiceNow';
export type {
  FakeIncident,
  FakeRecord,
  FakeRecordTable,
  FakeRequest,
  Fault,
} from './testUtils/FakeServiceNow';
