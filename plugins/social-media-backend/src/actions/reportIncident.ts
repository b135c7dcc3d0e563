import {
  INCIDENT_REPORT_CATEGORIES,
  INCIDENT_REPORT_CATEGORY_LABELS,
  socialServiceIncidentReportPermission,
} from '@internal/plugin-social-media-common';
import { SocialMediaActionDeps } from './guard';

/**
 * `report-incident`: raises an incident on a service in the ITSM tool it is mapped to, in the
 * caller's name, as `POST /services/{id}/incidents` does: the same permission on that service,
 * the same validation, the incident linked at once with its audit trail entry and auditor event.
 */
export function registerReportIncidentAction({
  actionsRegistry,
  socialMedia: { stores, incidentReporter },
  guard,
  links,
}: SocialMediaActionDeps) {
  actionsRegistry.register({
    name: 'report-incident',
    title: 'Report an incident on a social media service',
    description: `Reports an incident on a social media service (a suspected account takeover, phishing, impersonation, an unauthorised post, an outage) to the ITSM tool the service is mapped to, in the name of the signed-in person using the assistant. It needs the permission social-media.service.incident.report on that service.

The incident is raised in the ITSM tool (ServiceNow, Jira Service Management, PagerDuty, ...) and linked to the service at once; its number and url come back. It counts towards the service's risk rating. A service not mapped to an ITSM record yet cannot take reports: its owners set the mapping on the service page first. Say what happened and when in the description; never put passwords or other secrets in it.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z
          .object({
            serviceId: z
              .string()
              .min(1, 'serviceId is required')
              .max(63)
              .describe('The service id, e.g. brand-instagram'),
            title: z
              .string()
              .trim()
              .min(5, 'title must be at least 5 characters')
              .max(160, 'title must be at most 160 characters')
              .describe('A short summary, 5 to 160 characters'),
            description: z
              .string()
              .trim()
              .min(1, 'description is required: say what happened and when')
              .max(4000, 'description must be at most 4000 characters')
              .describe('What happened and when, up to 4000 characters'),
            category: z
              .enum(INCIDENT_REPORT_CATEGORIES)
              .describe(
                `The kind of incident: ${INCIDENT_REPORT_CATEGORIES.map(
                  c => `${c} (${INCIDENT_REPORT_CATEGORY_LABELS[c]})`,
                ).join(', ')}`,
              ),
          })
          .strict(),
      output: z =>
        z.object({
          serviceId: z.string(),
          connectorId: z
            .string()
            .describe('The ITSM tool it was raised in, e.g. servicenow'),
          number: z.string().describe('The incident number in the ITSM tool'),
          title: z.string(),
          state: z.string(),
          priority: z.string(),
          open: z.boolean(),
          url: z.string().describe('The incident in the ITSM tool'),
          link: z.string().describe('The service page in the portal'),
        }),
    },
    action: async ({ input, credentials }) => {
      const { serviceId, ...report } = input;
      // An unknown service is refused as not found before the permission is asked, as on the
      // HTTP route; the permission may depend on who owns it.
      await stores.services.requirePermissionResource(serviceId);
      await guard.write(
        credentials,
        socialServiceIncidentReportPermission,
        serviceId,
      );
      const incident = await guard.audited(
        credentials,
        'incident-report',
        { serviceId },
        () =>
          incidentReporter.report(serviceId, report, guard.actor(credentials)),
      );
      return {
        output: {
          serviceId,
          connectorId: incident.connectorId,
          number: incident.number,
          title: incident.title,
          state: incident.state,
          priority: incident.priority,
          open: incident.open,
          url: incident.url,
          link: links.service(serviceId),
        },
      };
    },
  });
}
