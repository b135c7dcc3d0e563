/*
 * The backend of the social media service catalogue portal.
 *
 * It runs Backstage's catalog, auth (for local use: guest sign-in and sign-in as one of the demo
 * organisation's people) and permission plugins, and the social media service catalogue: its
 * backend plugin, its catalog entity provider and its scaffolder action (requesting a service from
 * the Create page).
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoPeopleProvider } from './modules/demoPeopleAuth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider for local use; add your organisation's provider for production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Local use only: sign in as one of the demo organisation's people (auth.providers.demoPeople
// under auth.environment: development); refused under any other environment.
backend.add(authModuleDemoPeopleProvider);

// Events let the catalog and other plugins hear about changes promptly.
backend.add(import('@backstage/plugin-events-backend'));
// Notifications (e.g. a request waiting for approval), pushed live to the portal by signals.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// Everyone reads the social media catalogue; administrators and owning groups change it. The
// policy is the catalogue's own module (socialMedia.permissions); it allows every other plugin's
// permissions, as the allow-all policy it takes the place of.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-social-media'));

// The social media service catalogue.
backend.add(import('@internal/plugin-social-media-backend'));
backend.add(import('@internal/plugin-catalog-backend-module-social-media'));
// Incidents from the ITSM tools; each module installs itself once its socialMedia.itsm block is
// configured (servicenow, jiraServiceManagement, pagerduty).
backend.add(import('@internal/plugin-social-media-backend-module-servicenow'));
backend.add(
  import(
    '@internal/plugin-social-media-backend-module-jira-service-management'
  ),
);
backend.add(import('@internal/plugin-social-media-backend-module-pagerduty'));

// Software Templates on the Create page (/create), run by the scaffolder.
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Lets the catalog read Template entities (kind: Template), e.g. examples/templates.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
// The social-media:request:create action: a template files a service request as its user.
backend.add(import('@internal/plugin-scaffolder-backend-module-social-media'));

// Scorecards: Tech Insights collects facts on the catalog's entities (the catalogue's guardianship
// facts among them) and runs checks on them with its JSON rules engine (techInsights in app-config).
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@internal/plugin-tech-insights-backend-module-social-media'),
);

// The catalogue's actions as MCP tools for AI assistants, at /api/mcp-actions/v1, in the name of
// the person whose token the assistant sends (backend.actions.pluginSources: which plugins' actions).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
