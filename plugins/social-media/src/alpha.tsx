import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import ShareIcon from '@material-ui/icons/Share';
import { SocialMediaClient, socialMediaApiRef } from './api';
import { rootRouteRef } from './routes';

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

/** The "Social media" page, listed in the sidebar navigation. */
const socialMediaPage = PageBlueprint.make({
  params: {
    path: '/social-media',
    title: 'Social media',
    icon,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/SocialMediaPage').then(m => (
        <m.NfsSocialMediaPage />
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
  },
  extensions: [socialMediaApi, socialMediaPage],
});
