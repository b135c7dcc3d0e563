import { GuardianshipControls } from '@internal/plugin-social-media-common';

/** What a control reads as when it was never recorded: the cautious answer. */
export const DEFAULT_CONTROLS: GuardianshipControls = {
  mfaEnabled: false,
  ssoEnabled: false,
  sharedLogin: false,
  thirdPartyApps: [],
  verified: false,
  recoveryOwnedByCompany: false,
  regulatedContent: false,
  brandLevel: false,
  accessRevoked: false,
  accountStatus: 'active',
};
