import {
  guardianshipControlsSchema,
  SocialService,
} from '@internal/plugin-social-media-common';
import { serviceToEntity } from './serviceToEntity';

const service: SocialService = {
  id: 'careers-linkedin-emea',
  name: 'Careers LinkedIn (EMEA)',
  platform: 'linkedin',
  handle: 'acme-careers-emea',
  profileUrl: 'https://www.linkedin.com/company/acme-careers-emea',
  purpose: 'Employer brand in EMEA',
  businessUnit: 'Human Resources',
  ownerGroup: 'group:default/hr-emea',
  serviceOwner: 'user:default/hr-business-partner',
  audienceSize: 120000,
  tags: ['careers', 'Not A Valid Tag'],
  lifecycleStage: 'operation',
  controls: guardianshipControlsSchema.parse({ mfaEnabled: true }),
  itsm: { system: 'servicenow', reference: 'Careers LinkedIn EMEA' },
  riskRating: 'medium',
  leaverCount: 0,
  openIncidentCount: 0,
  compliance: { stage: 'operation', compliant: true, missing: [] },
  adminCount: 2,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
};

describe('serviceToEntity', () => {
  it('projects a service as a social-media Component owned by its group', () => {
    const entity = serviceToEntity(service, 'social-media-provider:default');
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'careers-linkedin-emea',
        title: 'Careers LinkedIn (EMEA)',
        description: 'Employer brand in EMEA (LinkedIn acme-careers-emea)',
        tags: ['social-media', 'linkedin', 'careers'],
        annotations: {
          'backstage.io/managed-by-location':
            'social-media-provider:default:careers-linkedin-emea',
          'backstage.io/managed-by-origin-location':
            'social-media-provider:default:careers-linkedin-emea',
          'social-media.backstage.io/service-id': 'careers-linkedin-emea',
          'social-media.backstage.io/platform': 'linkedin',
          'social-media.backstage.io/handle': 'acme-careers-emea',
          'social-media.backstage.io/csdm-lifecycle': 'Operational/In Use',
          'social-media.backstage.io/risk-rating': 'medium',
          'social-media.backstage.io/itsm': 'servicenow:Careers LinkedIn EMEA',
        },
        links: [
          {
            url: 'https://www.linkedin.com/company/acme-careers-emea',
            title: 'LinkedIn profile',
          },
        ],
      },
      spec: {
        type: 'social-media',
        lifecycle: 'operation',
        owner: 'group:default/hr-emea',
      },
    });
  });

  it('leaves out the risk annotation and links when there is nothing to show', () => {
    const entity = serviceToEntity(
      { ...service, riskRating: undefined, profileUrl: undefined },
      'social-media-provider:default',
    );
    expect(
      entity.metadata.annotations?.['social-media.backstage.io/risk-rating'],
    ).toBeUndefined();
    expect(entity.metadata.links).toBeUndefined();
  });
});
