/**
 * Test utilities for ITSM connector modules: a contract suite that every connector runs against
 * its own vendor-format server. Only this entry point uses Jest's globals; the main entry point
 * does not.
 *
 * @packageDocumentation
 */
export { describeItsmConnectorContract } from './testUtils/itsmConnectorContract';
export {
  changeItsmContractPage,
  itsmContractMappings,
  itsmContractRecordOf,
} from './testUtils/itsmContractRecords';
export { writeItsmContractFault } from './testUtils/writeItsmContractFault';
export type {
  ItsmConnectorContractAdapter,
  ItsmConnectorContractOptions,
  ItsmContractConnectorOptions,
  ItsmContractFault,
  ItsmContractPageChange,
  ItsmContractStamp,
} from './testUtils/itsmConnectorContract';
