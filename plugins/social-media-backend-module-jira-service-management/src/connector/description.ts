import { ItsmConnectorDescription } from '@internal/plugin-social-media-node';

/**
 * How the Jira Service Management connector describes itself to the catalogue: a service is
 * mapped to a project component, or to a value of the custom field the connector is configured
 * with.
 *
 * @public
 */
export const jiraServiceManagementDescription: ItsmConnectorDescription = {
  displayName: 'Jira Service Management',
  reference: {
    label: 'Project and component',
    help: 'The project key and component the incidents of this service are filed under, written PROJECTKEY/Component name; when the connector maps on a custom field, the value of that field instead.',
    example: 'SMS/Corporate X account',
  },
  incidentLinking:
    'Give the incident the mapped component in the mapped project (or the mapped value in the custom field the connector is configured with); incidents reported from the portal are created that way.',
};
