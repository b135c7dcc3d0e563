import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
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
    // The Create page (/create): Software Templates such as "Request a social media service".
    scaffolderPlugin,
    userSettingsPlugin,
    // The notifications page (/notifications), kept up to date live through signals.
    notificationsPlugin,
    signalsPlugin,
    homeModule,
    navModule,
    signInModule,
  ],
});
