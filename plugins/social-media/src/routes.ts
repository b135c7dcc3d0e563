import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the plugin's "Social media" page: the catalogue.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'social-media' });

/**
 * The page of one service: `/services/:id` under the catalogue.
 *
 * @public
 */
export const serviceRouteRef = createSubRouteRef({
  id: 'social-media/service',
  parent: rootRouteRef,
  path: '/services/:id',
});

/**
 * The form that edits one service: `/services/:id/edit` under the catalogue.
 *
 * @public
 */
export const editServiceRouteRef = createSubRouteRef({
  id: 'social-media/edit-service',
  parent: rootRouteRef,
  path: '/services/:id/edit',
});

/**
 * The form that catalogues a new service: `/new` under the catalogue.
 *
 * @public
 */
export const createServiceRouteRef = createSubRouteRef({
  id: 'social-media/create-service',
  parent: rootRouteRef,
  path: '/new',
});

/**
 * The bulk import page: `/import` under the catalogue.
 *
 * @public
 */
export const importRouteRef = createSubRouteRef({
  id: 'social-media/import',
  parent: rootRouteRef,
  path: '/import',
});

/**
 * The portfolio dashboard: `/dashboard` under the catalogue.
 *
 * @public
 */
export const dashboardRouteRef = createSubRouteRef({
  id: 'social-media/dashboard',
  parent: rootRouteRef,
  path: '/dashboard',
});

/**
 * The service requests: "My requests", the approvals inbox and, for those
 * who read them all, every request: `/requests` under the catalogue.
 *
 * @public
 */
export const requestsRouteRef = createSubRouteRef({
  id: 'social-media/requests',
  parent: rootRouteRef,
  path: '/requests',
});

/**
 * The form that requests a new social service: `/requests/new` under the
 * catalogue.
 *
 * @public
 */
export const newRequestRouteRef = createSubRouteRef({
  id: 'social-media/new-request',
  parent: rootRouteRef,
  path: '/requests/new',
});

/**
 * The page of one service request: `/requests/:id` under the catalogue.
 *
 * @public
 */
export const requestRouteRef = createSubRouteRef({
  id: 'social-media/request',
  parent: rootRouteRef,
  path: '/requests/:id',
});

/**
 * The form that edits a draft, or a request sent back for changes:
 * `/requests/:id/edit` under the catalogue.
 *
 * @public
 */
export const editRequestRouteRef = createSubRouteRef({
  id: 'social-media/edit-request',
  parent: rootRouteRef,
  path: '/requests/:id/edit',
});

/**
 * The page of one transfer or retirement: `/handovers/:id` under the
 * catalogue.
 *
 * @public
 */
export const handoverRouteRef = createSubRouteRef({
  id: 'social-media/handover',
  parent: rootRouteRef,
  path: '/handovers/:id',
});

/**
 * The evidence about one service over a period, for auditors, printable:
 * `/services/:id/evidence` under the catalogue.
 *
 * @public
 */
export const serviceEvidenceRouteRef = createSubRouteRef({
  id: 'social-media/service-evidence',
  parent: rootRouteRef,
  path: '/services/:id/evidence',
});

/**
 * The ownership report: every service a group or a person owned over a
 * period: `/ownership` under the catalogue.
 *
 * @public
 */
export const ownershipReportRouteRef = createSubRouteRef({
  id: 'social-media/ownership',
  parent: rootRouteRef,
  path: '/ownership',
});

/**
 * The whole audit trail, with its check and its exports: `/audit` under the
 * catalogue.
 *
 * @public
 */
export const auditLogRouteRef = createSubRouteRef({
  id: 'social-media/audit-log',
  parent: rootRouteRef,
  path: '/audit',
});

/**
 * The demo ITSM's incidents, only with the demo data (`socialMedia.demoData`):
 * `/demo-itsm/incidents` under the catalogue.
 *
 * @public
 */
export const demoItsmIncidentsRouteRef = createSubRouteRef({
  id: 'social-media/demo-itsm-incidents',
  parent: rootRouteRef,
  path: '/demo-itsm/incidents',
});

/**
 * One incident of the demo ITSM, where the demo's incident links lead:
 * `/demo-itsm/incidents/:number` under the catalogue.
 *
 * @public
 */
export const demoItsmIncidentRouteRef = createSubRouteRef({
  id: 'social-media/demo-itsm-incident',
  parent: rootRouteRef,
  path: '/demo-itsm/incidents/:number',
});
