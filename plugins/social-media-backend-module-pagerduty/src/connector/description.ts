import { ItsmConnectorDescription } from '@internal/plugin-social-media-node';

/**
 * How the PagerDuty connector describes itself to the catalogue: a service is mapped to a
 * PagerDuty service, by its id or its address.
 *
 * @public
 */
export const pagerDutyDescription: ItsmConnectorDescription = {
  displayName: 'PagerDuty',
  reference: {
    label: 'Service id or address',
    help: 'The id of the PagerDuty service the incidents of this service are triggered on, or its address in the web app (…/service-directory/PXXXXXX) or the REST API (…/services/PXXXXXX).',
    example: 'PABC123',
    // A PagerDuty object id (a letter, then letters or digits), alone or at the end of an address.
    pattern:
      '[A-Za-z][A-Za-z0-9]{1,31}|https?://[^\\s/]+(?:/[^\\s/?#]+)*/(?:service-directory|services)/[A-Za-z][A-Za-z0-9]{1,31}/?(?:[?#]\\S*)?',
  },
  incidentLinking:
    'Trigger the incident on the mapped PagerDuty service; incidents reported from the portal are triggered there.',
};
