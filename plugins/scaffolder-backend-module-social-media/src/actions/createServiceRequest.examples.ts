import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Shown on the portal's installed-actions page (/create/actions). */
export const examples: TemplateExample[] = [
  {
    description:
      'Request a LinkedIn page for recruiting, from the parameters of a template',
    example: `steps:
  - id: request
    name: Request the service
    action: social-media:request:create
    input:
      platform: linkedin
      name: Careers LinkedIn
      handle: example-careers
      purpose: Recruiting and employer branding
      audience: Job seekers in Europe
      regions: [EMEA]
      businessUnit: HR
      requestingTeam: \${{ parameters.requestingTeam }}
      ownerGroup: group:default/hr
      serviceOwner: \${{ parameters.serviceOwner }}
      targetDate: '2027-03-01'
      questionnaire:
        regulatedContent: false
        brandLevel: false
        expectedAudience: 20000
        whoPosts: The recruiting team
        thirdPartyTools: [Hootsuite]
output:
  links:
    - title: Open the request
      url: \${{ steps.request.output.requestUrl }}`,
  },
];
