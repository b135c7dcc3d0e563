/**
 * Test utilities of the Jira Service Management connector: a local Jira-format server (REST API
 * v3 and v2 wire format, JQL, basic and bearer auth, faults injected per request) for tests and
 * benchmarks of other packages, which should not reach into this package's private files.
 *
 * @packageDocumentation
 */
export { FakeJira, jiraTimestamp } from './testUtils/FakeJira';
export type {
  FakeCustomField,
  FakeIssue,
  FakeRequest,
  Fault,
  StatusCategory,
} from './testUtils/FakeJira';
