import { socialServiceInputSchema } from '@internal/plugin-social-media-common';
import { SocialServiceCatalogue } from '../service/SocialServiceCatalogue';

/** Who creates the ITSM sync tests' services. */
export const MAPPED_SERVICES_OWNER = 'user:default/marketing-lead';

/** Creates a service with MFA, a vaulted credential and company recovery, mapped to `reference`. */
export async function createMappedService(
  catalogue: SocialServiceCatalogue,
  service: { id: string; platform: string; handle: string; reference: string },
): Promise<void> {
  const input = socialServiceInputSchema.parse({
    name: service.id,
    platform: service.platform,
    handle: service.handle,
    purpose: 'Stories',
    businessUnit: 'Marketing',
    ownerGroup: 'group:default/marketing',
    audienceSize: 200_000,
    controls: {
      mfaEnabled: true,
      credentialVaultRef: `vault://social/${service.platform}`,
      verified: true,
      recoveryOwnedByCompany: true,
    },
    itsm: { system: 'servicenow', reference: service.reference },
  });
  await catalogue.createService(
    { ...input, id: service.id },
    MAPPED_SERVICES_OWNER,
  );
}

/**
 * Creates the two services the ITSM sync tests map to ServiceNow: `brand-x` (an X account filed
 * against the record "Brand X account") and `careers` (a LinkedIn page, "Careers LinkedIn"),
 * both rated low to begin with.
 */
export async function createMappedServices(
  catalogue: SocialServiceCatalogue,
): Promise<void> {
  await createMappedService(catalogue, {
    id: 'brand-x',
    platform: 'x',
    handle: '@brandx',
    reference: 'Brand X account',
  });
  await createMappedService(catalogue, {
    id: 'careers',
    platform: 'linkedin',
    handle: 'example-careers',
    reference: 'Careers LinkedIn',
  });
}
