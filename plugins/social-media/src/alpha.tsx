import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import ShareIcon from '@mui/icons-material/Share';
import { SocialMediaClient, socialMediaApiRef } from './api';
import { socialMediaServiceFilter } from './components/EntitySocialMedia/isSocialMediaService';
import {
  createServiceRouteRef,
  dashboardRouteRef,
  editRequestRouteRef,
  editServiceRouteRef,
  importRouteRef,
  newRequestRouteRef,
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
  serviceRouteRef,
} from './routes';

const icon = <ShareIcon fontSize="inherit" />;

/** The {@link SocialMediaApi} implementation, talking to the backend. */
const socialMediaApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: socialMediaApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SocialMediaClient({ discoveryApi, fetchApi }),
    }),
});

/** The page's code, fetched once; the page and the early start below share the request. */
const loadSocialMediaPage = () => import('./components/SocialMediaPage');

/** The page's addresses: `/social-media` and below, under any base path of the app. */
const SOCIAL_MEDIA_PATH = /(^|\/)social-media(\/|$)/;

// Opened straight at the page (a new tab, a bookmark, a link in an e-mail), the page's code starts
// loading while the app itself starts and signs in, rather than after: on a cold start that wait
// was most of what the catalogue added to the app's own start. A failure here is the page's to
// report when it loads.
if (
  typeof window !== 'undefined' &&
  SOCIAL_MEDIA_PATH.test(window.location.pathname)
) {
  loadSocialMediaPage().catch(() => undefined);
}

/**
 * The "Social media" page, listed in the sidebar navigation: the catalogue,
 * with the service pages, forms, import and dashboard below it.
 */
const socialMediaPage = PageBlueprint.make({
  params: {
    path: '/social-media',
    title: 'Social media',
    icon,
    routeRef: rootRouteRef,
    loader: () => loadSocialMediaPage().then(m => <m.NfsSocialMediaPage />),
  },
});

/** Card on the overview of entities that stand for social media services. */
const socialMediaEntityCard = EntityCardBlueprint.make({
  name: 'social-media',
  params: {
    type: 'info',
    filter: socialMediaServiceFilter,
    loader: () =>
      import('./components/EntitySocialMedia').then(m => (
        <m.EntitySocialMediaCard />
      )),
  },
});

/**
 * The Tech Insights scorecard of a social media service on its entity page. Off until the portal
 * runs the Tech Insights backend: enable `entity-card:social-media/scorecard` in `app.extensions`.
 */
const socialMediaScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  disabled: true,
  params: {
    type: 'content',
    filter: socialMediaServiceFilter,
    loader: () =>
      import('./components/EntityScorecard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

/** "Social media" tab on entities that stand for social media services. */
const socialMediaEntityContent = EntityContentBlueprint.make({
  name: 'social-media',
  params: {
    path: '/social-media',
    title: 'Social media',
    filter: socialMediaServiceFilter,
    loader: () =>
      import('./components/EntitySocialMedia').then(m => (
        <m.EntitySocialMediaContent />
      )),
  },
});

/**
 * The social media service catalogue plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'social-media',
  title: 'Social media',
  icon,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
    service: serviceRouteRef,
    editService: editServiceRouteRef,
    createService: createServiceRouteRef,
    import: importRouteRef,
    dashboard: dashboardRouteRef,
    requests: requestsRouteRef,
    newRequest: newRequestRouteRef,
    request: requestRouteRef,
    editRequest: editRequestRouteRef,
  },
  extensions: [
    socialMediaApi,
    socialMediaPage,
    socialMediaEntityCard,
    socialMediaScorecardCard,
    socialMediaEntityContent,
  ],
});
