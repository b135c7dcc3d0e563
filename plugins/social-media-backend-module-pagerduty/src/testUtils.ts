/**
 * Test utilities of the PagerDuty connector: a local PagerDuty-format server (REST API v2 wire
 * format, token auth, faults injected per request) for tests and benchmarks of other packages,
 * which should not reach into this package's private files.
 *
 * @packageDocumentation
 */
export { FakePagerDuty, newId } from './testUtils/FakePagerDuty';
export type {
  FakeIncident,
  FakeLogEntry,
  FakeRequest,
  Fault,
} from './testUtils/FakePagerDuty';
