import { ItsmConnectorDescription } from '@internal/plugin-social-media-node';

/**
 * How the ServiceNow connector describes itself to the catalogue: a service is mapped to the
 * business service (or CI) its incidents are filed against, by name or sys_id.
 *
 * @public
 */
export const serviceNowDescription: ItsmConnectorDescription = {
  displayName: 'ServiceNow',
  reference: {
    label: 'Business service or CI',
    help: 'The business service (or configuration item, when the connector matches incidents on cmdb_ci) the incidents of this service are filed against, by its name or its 32-character sys_id.',
    example: 'Corporate X account',
  },
  incidentLinking:
    "Set the incident's Business service (or Configuration item, as the connector is configured) to the mapped record; incidents reported from the portal are filed against it.",
};
