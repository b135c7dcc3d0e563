import type { ServiceRequestInput } from '@internal/plugin-social-media-common';

/**
 * The body of a request for a new TikTok account as the marketing team files it
 * (`POST /requests`), low risk and complete; a test changes what it is about.
 */
export function aNewServiceRequest(
  overrides: Partial<ServiceRequestInput> & Record<string, unknown> = {},
) {
  return {
    platform: 'tiktok',
    name: 'Spring campaign TikTok',
    handle: 'springcampaign',
    purpose: 'Short videos for the spring campaign',
    audience: 'Young adults in the EMEA region',
    regions: ['EMEA'],
    businessUnit: 'Marketing',
    requestingTeam: 'group:default/marketing',
    ownerGroup: 'group:default/marketing',
    serviceOwner: 'user:default/marketing-lead',
    targetDate: '2099-03-01',
    questionnaire: {
      regulatedContent: false,
      brandLevel: false,
      expectedAudience: 5000,
      whoPosts: 'The social media team',
      thirdPartyTools: [],
    },
    ...overrides,
  };
}
