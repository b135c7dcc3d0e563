/** Where the connector's configuration lives. */
export const CONFIG_KEY = 'socialMedia.itsm.pagerduty';

/** The connector id, equal to the ITSM system id services are mapped to. */
export const CONNECTOR_ID = 'pagerduty';
