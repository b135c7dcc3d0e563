import { ItsmConnectorDescription } from '@internal/plugin-social-media-node';

/**
 * A description for a stand-in connector: named after its id, taking any reference, as the
 * tests that are not about descriptions need.
 */
export function placeholderDescription(id: string): ItsmConnectorDescription {
  return {
    displayName: `ITSM ${id}`,
    reference: {
      label: 'Record',
      help: 'Any record of the tool.',
      example: 'Corporate X account',
    },
    incidentLinking: 'Link the incident to the mapped record.',
  };
}
