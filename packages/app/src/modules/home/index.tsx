import { useEffect } from 'react';
import {
  PageBlueprint,
  createFrontendModule,
  useAppNavigate,
} from '@backstage/frontend-plugin-api';

/** The portal opens on the social media service catalogue. */
function OpenSocialMedia() {
  const navigate = useAppNavigate();
  useEffect(() => {
    navigate('/social-media', { replace: true });
  }, [navigate]);
  return null;
}

const homePage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => <OpenSocialMedia />,
  },
});

/** The start page `/`, which leads to the "Social media" page. */
export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homePage],
});
