import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import socialMediaPlugin from '@internal/plugin-social-media/alpha';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    socialMediaPlugin,
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    homeModule,
    navModule,
    signInModule,
  ],
});
